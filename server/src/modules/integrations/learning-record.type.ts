import { ArgsType, Field, ID, ObjectType } from "type-graphql";
import { ConnectionType, PageArgs } from "../../platform/pagination.ts";

@ObjectType({
  description:
    "One xAPI 1.0.3 statement of a learner's record: what they did with a video (the xAPI Video Profile's initialized, played, paused, seeked and completed, with played-segments and progress) or a course (registered, completed).",
})
export class LearningRecord {
  @Field(() => ID, { description: "The statement's id: the same on every read and push, so an LRS stores it once." })
  id!: string;
  @Field({ description: "The verb's IRI, such as https://w3id.org/xapi/video/verbs/paused." })
  verb!: string;
  @Field({ description: "When the learner did it (the statement's timestamp)." })
  timestamp!: Date;
  @Field({ description: "When the platform stored it; since and until filter on it, and records come in its order." })
  stored!: Date;
  @Field({ description: "The statement as JSON, exactly as pushed to an LRS." })
  statement!: string;
}

export const LearningRecordConnection = ConnectionType(LearningRecord);

@ArgsType()
export class LearningRecordsArgs extends PageArgs {
  @Field(() => ID) courseId!: string;
  @Field(() => Date, { nullable: true, description: "Stored at or after." }) since?: Date | null;
  @Field(() => Date, { nullable: true, description: "Stored before; at most the settling delay ago (a minute by default), when the statement is final." })
  until?: Date | null;
}
