import { Args, Ctx, Query, Resolver } from "type-graphql";
import type { Context } from "../../platform/context.ts";
import { LearningRecord, LearningRecordConnection, LearningRecordsArgs } from "./learning-record.type.ts";
import { learningRecords } from "./learning-records.service.ts";

@Resolver(() => LearningRecord)
export class LearningRecordResolver {
  @Query(() => LearningRecordConnection, {
    description:
      "A course's learning records as xAPI statements, in the order they were stored: its instructors and admins (keys with learning-records:read). FORBIDDEN for others.",
  })
  learningRecords(@Args(() => LearningRecordsArgs) args: LearningRecordsArgs, @Ctx() context: Context) {
    return learningRecords(context, args);
  }
}
