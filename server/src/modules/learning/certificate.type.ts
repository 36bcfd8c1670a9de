import { Field, ObjectType, registerEnumType } from "type-graphql";
import { Node } from "../../platform/node.ts";

export const CertificateStatus = { VALID: "VALID", REVOKED: "REVOKED" } as const;

registerEnumType(CertificateStatus, {
  name: "CertificateStatus",
  description: "Whether a certificate still vouches for its learner.",
  valuesConfig: {
    VALID: { description: "Its enrollment is active or completed." },
    REVOKED: { description: "Its enrollment was revoked or refunded." },
  },
});

/** The certificate row; `code`, `course`, `url`, `status` and `credential` are field resolvers. */
@ObjectType({ implements: Node, description: "A course's certificate of completion, which anyone with its code may verify." })
export class Certificate extends Node {
  @Field({ description: "The learner's display name when the certificate was issued." }) recipientName!: string;
  @Field({ description: "The course's title when the certificate was issued." }) courseTitle!: string;
  @Field(() => [String], { description: "The course's instructors' display names when the certificate was issued, the owner first." })
  instructorNames!: string[];
  @Field({ description: "When the course was completed." }) issuedAt!: Date;
}
