import { Field, ID, InputType, Int, ObjectType, registerEnumType, type ClassType } from "type-graphql";
import { CourseStatus } from "../../generated/prisma/enums.ts";
import { MultilineText } from "../../platform/input-text.ts";
import { Node } from "../../platform/node.ts";
import { ConnectionType } from "../../platform/pagination.ts";

registerEnumType(CourseStatus, { name: "CourseStatus" });

export enum CourseOrderField {
  PUBLISHED_AT = "PUBLISHED_AT",
  TITLE = "TITLE",
  POPULARITY = "POPULARITY",
  PRICE = "PRICE",
  /** The average of the visible reviews' ratings (a course nobody rated sorts as 0). */
  RATING = "RATING",
}
registerEnumType(CourseOrderField, { name: "CourseOrderField" });

export enum OrderDirection {
  ASC = "ASC",
  DESC = "DESC",
}
registerEnumType(OrderDirection, { name: "OrderDirection" });

/**
 * Fields stored on the course row; owner, instructors and the course structure are field resolvers.
 * A catalog page has thousands of the plain ones (its courses, their sections and videos):
 * simpleResolvers leaves them to GraphQL's default resolver, without type-graphql's wrapper each.
 */
@ObjectType({ implements: Node, simpleResolvers: true })
export class Course extends Node {
  @Field() slug!: string;
  @Field() title!: string;
  @Field(() => String, { nullable: true }) subtitle!: string | null;
  @Field() description!: string;
  @Field(() => CourseStatus) status!: CourseStatus;
  @Field(() => Int) priceCents!: number;
  @Field() currency!: string;
  @Field(() => String, {
    nullable: true,
    description: "The cover image: the uploaded one, else the URL the instructors set, else the first ready video's thumbnail (answered by the media module).",
  })
  thumbnailUrl!: string | null;
  @Field(() => [String]) tags!: string[];
  @Field(() => Date, { nullable: true }) publishedAt!: Date | null;
  @Field() createdAt!: Date;
  @Field() updatedAt!: Date;
}

export const CourseConnection: ClassType = ConnectionType(Course);

@InputType()
export class CourseFilter {
  @Field(() => String, { nullable: true, description: "Full-text search over title, subtitle, description and tags." })
  search?: string | null;
  @Field(() => ID, { nullable: true }) instructorId?: string | null;
  @Field(() => String, { nullable: true }) tag?: string | null;
  @Field(() => Boolean, { nullable: true }) free?: boolean | null;
}

@InputType()
export class CourseOrder {
  @Field(() => CourseOrderField) field!: CourseOrderField;
  @Field(() => OrderDirection) direction!: OrderDirection;
}

@InputType()
export class CreateCourseInput {
  @Field() title!: string;
  @Field(() => String, { nullable: true }) subtitle?: string | null;
  @Field() @MultilineText() description!: string;
  @Field(() => Int) priceCents!: number;
  @Field(() => String, { nullable: true }) currency?: string | null;
  @Field(() => [String], { nullable: true }) tags?: string[] | null;
  @Field(() => String, { nullable: true, description: "Derived from the title when absent; unique." })
  slug?: string | null;
}

@InputType()
export class UpdateCourseInput {
  @Field(() => String, { nullable: true }) title?: string | null;
  @Field(() => String, { nullable: true }) subtitle?: string | null;
  @Field(() => String, { nullable: true }) @MultilineText() description?: string | null;
  @Field(() => Int, { nullable: true }) priceCents?: number | null;
  @Field(() => String, { nullable: true }) currency?: string | null;
  @Field(() => [String], { nullable: true }) tags?: string[] | null;
  @Field(() => String, { nullable: true }) slug?: string | null;
  @Field(() => String, { nullable: true }) thumbnailUrl?: string | null;
}
