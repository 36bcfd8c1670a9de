import type { InstructorApplication as ApplicationRow } from "../../generated/prisma/client.ts";
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../../platform/context.ts";
import { parseId } from "../../platform/ids.ts";
import { MultilineTextArgs } from "../../platform/input-text.ts";
import {
  ApplicationDecision,
  InstructorApplication,
  InstructorApplicationConnection,
  InstructorApplicationInput,
  InstructorApplicationsArgs,
} from "./instructor-application.type.ts";
import * as applications from "./instructor-application.service.ts";
import { User } from "./user.type.ts";
import { findUser, getUser } from "./user.service.ts";

@Resolver(() => InstructorApplication)
export class InstructorApplicationResolver {
  @Query(() => InstructorApplication, { nullable: true })
  myInstructorApplication(@Ctx() context: Context) {
    return applications.myLatestApplication(context);
  }

  @Query(() => InstructorApplicationConnection, { description: "Admin only." })
  instructorApplications(@Args(() => InstructorApplicationsArgs) args: InstructorApplicationsArgs, @Ctx() context: Context) {
    return applications.listApplications(context, args);
  }

  @Mutation(() => InstructorApplication)
  applyToTeach(@Arg("input", () => InstructorApplicationInput) input: InstructorApplicationInput, @Ctx() context: Context) {
    return applications.applyToTeach(context, input);
  }

  @Mutation(() => InstructorApplication, { description: "Admin only. APPROVE makes the applicant an INSTRUCTOR." })
  @MultilineTextArgs("note")
  reviewInstructorApplication(
    @Arg("id", () => ID) id: string,
    @Arg("decision", () => ApplicationDecision) decision: ApplicationDecision,
    @Arg("note", () => String, { nullable: true }) note: string | null,
    @Ctx() context: Context,
  ) {
    return applications.reviewApplication(context, parseId(id, "InstructorApplication", "id"), decision, note);
  }

  @FieldResolver(() => User)
  applicant(@Root() application: ApplicationRow, @Ctx() context: Context) {
    return getUser(context, application.applicantId);
  }

  @FieldResolver(() => User, { nullable: true })
  reviewer(@Root() application: ApplicationRow, @Ctx() context: Context) {
    return application.reviewerId ? findUser(context, application.reviewerId) : null;
  }
}
