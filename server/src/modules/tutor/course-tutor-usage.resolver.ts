import { Arg, Ctx, ID, Query, Resolver } from "type-graphql";
import type { Context } from "../../platform/context.ts";
import { courseTutorUsage, DEFAULT_RANGE_DAYS, MAX_RANGE_DAYS } from "./course-tutor-usage.service.ts";
import { CourseTutorUsage } from "./course-tutor-usage.type.ts";

@Resolver(() => CourseTutorUsage)
export class CourseTutorUsageResolver {
  @Query(() => CourseTutorUsage, {
    description:
      `Course owner and admins: the tutor's questions, learners, tokens and cost estimated at the configured prices, from \`from\` to \`to\` ` +
      `(the last ${DEFAULT_RANGE_DAYS} days unless told; at most ${MAX_RANGE_DAYS} days).`,
  })
  courseTutorUsage(
    @Arg("courseId", () => ID) courseId: string,
    @Arg("from", () => Date, { nullable: true }) from: Date | null,
    @Arg("to", () => Date, { nullable: true }) to: Date | null,
    @Ctx() context: Context,
  ) {
    return courseTutorUsage(context, courseId, { from, to });
  }
}
