import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType, type ClassType } from "type-graphql";
import { TutorRole } from "../../generated/prisma/enums.ts";
import { MultilineText } from "../../platform/input-text.ts";
import { Node } from "../../platform/node.ts";
import { ConnectionType } from "../../platform/pagination.ts";

registerEnumType(TutorRole, { name: "TutorRole" });

export enum TutorAnswerer {
  COURSE_EXCERPTS = "COURSE_EXCERPTS",
  LANGUAGE_MODEL = "LANGUAGE_MODEL",
}
registerEnumType(TutorAnswerer, {
  name: "TutorAnswerer",
  description: "What wrote an answer.",
  valuesConfig: {
    COURSE_EXCERPTS: { description: "The offline tutor: passages of the course's transcripts quoted as they are, or that they do not cover the question." },
    LANGUAGE_MODEL: { description: "A language model, from the passages of the course's transcripts it was given." },
  },
});

/** A retrieved passage an answer quotes: the video (a field resolver) and its seconds. */
@ObjectType()
export class TutorCitation {
  @Field(() => Float) startSeconds!: number;
  @Field(() => Float, { nullable: true }) endSeconds!: number | null;
  @Field() snippet!: string;
}

/** A question or an answer; citations are a field resolver (their videos as the viewer sees them). */
@ObjectType({ implements: Node })
export class TutorMessage extends Node {
  @Field(() => TutorRole) role!: TutorRole;
  @Field() content!: string;
  @Field(() => Int, { nullable: true }) promptTokens!: number | null;
  @Field(() => Int, { nullable: true }) completionTokens!: number | null;
  @Field({ description: "The model failed part-way: the content is what it had said, followed by a note that the answer was cut off." })
  incomplete!: boolean;
  @Field() createdAt!: Date;
}

export const TutorMessageConnection: ClassType = ConnectionType(TutorMessage);

/** The thread row; course and messages are field resolvers. */
@ObjectType({ implements: Node })
export class TutorThread extends Node {
  @Field() title!: string;
  @Field() createdAt!: Date;
  @Field() updatedAt!: Date;
}

@ObjectType()
export class TutorUsage {
  @Field(() => Int) tokensUsedToday!: number;
  @Field(() => Int) dailyTokenLimit!: number;
  @Field(() => Int) requestsLastMinute!: number;
  @Field(() => Int) requestsPerMinuteLimit!: number;
  @Field() resetsAt!: Date;
}

@ObjectType()
export class TutorAnswer {
  @Field(() => TutorThread) thread!: TutorThread;
  @Field(() => TutorMessage) question!: TutorMessage;
  @Field(() => TutorMessage) answer!: TutorMessage;
  @Field(() => TutorUsage) usage!: TutorUsage;
}

@InputType()
export class AskTutorInput {
  @Field(() => ID) courseId!: string;
  @Field(() => ID, { nullable: true, description: "Continue a thread; a new one is started when absent." })
  threadId?: string | null;
  @Field(() => ID, { nullable: true, description: "Where the learner is, so the answer can use the nearby transcript." })
  videoId?: string | null;
  @Field(() => Float, { nullable: true }) positionSeconds?: number | null;
  @Field() @MultilineText() question!: string;
}

@ObjectType()
export class TutorAnswerChunk {
  @Field(() => ID) messageId!: string;
  @Field() delta!: string;
  @Field() done!: boolean;
}
