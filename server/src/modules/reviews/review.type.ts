import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType, type ClassType } from "type-graphql";
import { MultilineText } from "../../platform/input-text.ts";
import { Node } from "../../platform/node.ts";
import { ConnectionType } from "../../platform/pagination.ts";

export enum CourseReviewOrder {
  NEWEST = "NEWEST",
  HIGHEST = "HIGHEST",
  LOWEST = "LOWEST",
}
registerEnumType(CourseReviewOrder, { name: "CourseReviewOrder", description: "Ties go newest first." });

/** The course team's public answer to a review. `author` is a field resolver (the replier's public profile). */
@ObjectType({ simpleResolvers: true })
export class CourseReviewReply {
  @Field() text!: string;
  @Field() createdAt!: Date;
  @Field() updatedAt!: Date;
  @Field({ description: "Whether it was changed after it was written." }) edited!: boolean;
}

/** A learner's rating and review of a course. author, reply, hidden and the viewer's rights are field resolvers. */
@ObjectType({ implements: Node, simpleResolvers: true })
export class CourseReview extends Node {
  @Field(() => Int, { description: "1 to 5." }) rating!: number;
  @Field(() => String, { nullable: true }) text!: string | null;
  @Field({ description: "Whether its author changed it after writing it." }) edited!: boolean;
  @Field() createdAt!: Date;
  @Field() updatedAt!: Date;
}

export const CourseReviewConnection: ClassType = ConnectionType(CourseReview);

@ObjectType({ description: "The visible reviews' ratings (hidden ones do not count)." })
export class CourseRating {
  @Field(() => Float, { nullable: true, description: "To one decimal; null when nobody rated the course." }) average!: number | null;
  @Field(() => Int) count!: number;
  @Field(() => [Int], { description: "How many rated 1, 2, 3, 4 and 5, in that order." }) distribution!: number[];
}

@InputType()
export class UpsertCourseReviewInput {
  @Field(() => ID) courseId!: string;
  @Field(() => Int, { description: "1 to 5." }) rating!: number;
  @Field(() => String, { nullable: true, description: "At most 5,000 characters; trimmed; empty means none." })
  @MultilineText()
  text?: string | null;
}
