import { Field, Float, ID, InputType, ObjectType, registerEnumType, type ClassType } from "type-graphql";
import { MultilineText } from "../../platform/input-text.ts";
import { Node } from "../../platform/node.ts";
import { ConnectionType } from "../../platform/pagination.ts";

export enum QuestionOrder {
  MOMENT = "MOMENT",
  NEWEST = "NEWEST",
}
registerEnumType(QuestionOrder, {
  name: "QuestionOrder",
  valuesConfig: {
    MOMENT: { description: "By the moment of the video they were asked at, earliest first." },
    NEWEST: { description: "Newest first." },
  },
});

/** An answer row; author, question, accepted and the viewer's rights are field resolvers. */
@ObjectType({ implements: Node, simpleResolvers: true, description: "An answer to a question of a course's Q&A." })
export class QuestionAnswer extends Node {
  @Field() body!: string;
  @Field({ description: "Whether its author changed it after writing it." }) edited!: boolean;
  @Field() createdAt!: Date;
  @Field() updatedAt!: Date;
}

export const QuestionAnswerConnection: ClassType = ConnectionType(QuestionAnswer);

/** A question row; author, video, answers and the viewer's rights are field resolvers. */
@ObjectType({ implements: Node, simpleResolvers: true, description: "A learner's question at a moment of a video, with its answers." })
export class CourseQuestion extends Node {
  @Field(() => Float, { description: "The moment of the video it was asked at, in seconds from its start." }) positionSeconds!: number;
  @Field({ description: "Empty once its author deleted it (its answers stay)." }) title!: string;
  @Field({ description: "Empty once its author deleted it (its answers stay)." }) body!: string;
  @Field({ description: "Whether its author changed it after writing it." }) edited!: boolean;
  @Field() createdAt!: Date;
  @Field() updatedAt!: Date;
}

export const CourseQuestionConnection: ClassType = ConnectionType(CourseQuestion);

@InputType()
export class AskQuestionInput {
  @Field(() => ID) videoId!: string;
  @Field(() => Float, { description: "The moment of the video the question is about, in seconds." }) positionSeconds!: number;
  @Field({ description: "One line, 1 to 150 characters once trimmed." }) title!: string;
  @Field({ description: "1 to 5,000 characters once trimmed." }) @MultilineText() body!: string;
}

@InputType()
export class UpdateQuestionInput {
  @Field(() => ID) id!: string;
  @Field({ description: "One line, 1 to 150 characters once trimmed." }) title!: string;
  @Field({ description: "1 to 5,000 characters once trimmed." }) @MultilineText() body!: string;
}

@InputType()
export class AnswerQuestionInput {
  @Field(() => ID) questionId!: string;
  @Field({ description: "1 to 5,000 characters once trimmed." }) @MultilineText() body!: string;
}

@InputType()
export class UpdateAnswerInput {
  @Field(() => ID) id!: string;
  @Field({ description: "1 to 5,000 characters once trimmed." }) @MultilineText() body!: string;
}
