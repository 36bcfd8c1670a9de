import { Length } from "class-validator";
import { Field, InputType, Int, ObjectType } from "type-graphql";
import { Node } from "../../platform/node.ts";

export const SECTION_TITLE_MAX = 200;

/** Plain fields by the hundred on a catalog page: see Course. */
@ObjectType({ implements: Node, simpleResolvers: true })
export class Section extends Node {
  @Field() title!: string;
  @Field(() => Int, { description: "0-based; dense and gapless within the course." }) position!: number;
}

@InputType()
export class SectionInput {
  @Field()
  @Length(1, SECTION_TITLE_MAX, { message: `must be 1 to ${SECTION_TITLE_MAX} characters long` })
  title!: string;

  @Field(() => Int, { nullable: true, description: "0-based; the end when absent." })
  position?: number | null;
}
