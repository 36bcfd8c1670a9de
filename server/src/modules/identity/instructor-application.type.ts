import { Length } from "class-validator";
import { ArgsType, Field, InputType, ObjectType, registerEnumType } from "type-graphql";
import { InstructorApplicationStatus } from "../../generated/prisma/enums.ts";
import { MultilineText } from "../../platform/input-text.ts";
import { Node } from "../../platform/node.ts";
import { ConnectionType, PageArgs } from "../../platform/pagination.ts";
import { User } from "./user.type.ts";

registerEnumType(InstructorApplicationStatus, { name: "InstructorApplicationStatus" });

export enum ApplicationDecision {
  APPROVE = "APPROVE",
  REJECT = "REJECT",
}
registerEnumType(ApplicationDecision, { name: "ApplicationDecision" });

export const HEADLINE_MAX = 120;
export const MOTIVATION_MAX = 5_000;
export const DECISION_NOTE_MAX = 2_000;

@ObjectType({ implements: Node })
export class InstructorApplication extends Node {
  @Field(() => User) applicant!: User;
  @Field(() => InstructorApplicationStatus) status!: InstructorApplicationStatus;
  @Field() headline!: string;
  @Field() motivation!: string;
  @Field(() => User, { nullable: true }) reviewer!: User | null;
  @Field(() => String, { nullable: true }) decisionNote!: string | null;
  @Field() createdAt!: Date;
  @Field(() => Date, { nullable: true }) reviewedAt!: Date | null;
}

export const InstructorApplicationConnection = ConnectionType(InstructorApplication);

@InputType()
export class InstructorApplicationInput {
  /** Trimmed by the service, which also refuses one that is only blanks. */
  @Field()
  @Length(1, HEADLINE_MAX, { message: `must be 1 to ${HEADLINE_MAX} characters long` })
  headline!: string;

  @Field()
  @MultilineText()
  @Length(1, MOTIVATION_MAX, { message: `must be 1 to ${MOTIVATION_MAX} characters long` })
  motivation!: string;
}

@ArgsType()
export class InstructorApplicationsArgs extends PageArgs {
  @Field(() => InstructorApplicationStatus, { nullable: true })
  status?: InstructorApplicationStatus | null;
}
