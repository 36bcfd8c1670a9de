import { Field, ObjectType, registerEnumType, type ClassType } from "type-graphql";
import { EnrollmentSource, EnrollmentStatus } from "../../generated/prisma/enums.ts";
import { Node } from "../../platform/node.ts";
import { ConnectionType } from "../../platform/pagination.ts";

registerEnumType(EnrollmentStatus, {
  name: "EnrollmentStatus",
  valuesConfig: {
    ACTIVE: { description: "Enrolled: may watch the course's videos." },
    COMPLETED: { description: "Every video completed; may still watch." },
    REFUNDED: { description: "Paid back: no longer may watch." },
    REVOKED: { description: "Taken away by an admin: no longer may watch." },
  },
});
registerEnumType(EnrollmentSource, { name: "EnrollmentSource" });

/** The enrollment row; user, course and progress are field resolvers. */
@ObjectType({ implements: Node })
export class Enrollment extends Node {
  @Field(() => EnrollmentStatus) status!: EnrollmentStatus;
  @Field(() => EnrollmentSource) source!: EnrollmentSource;
  @Field() enrolledAt!: Date;
  @Field(() => Date, { nullable: true }) completedAt!: Date | null;
}

export const EnrollmentConnection: ClassType = ConnectionType(Enrollment);
