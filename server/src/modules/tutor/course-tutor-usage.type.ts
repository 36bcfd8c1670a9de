import { Field, Float, Int, ObjectType } from "type-graphql";

const ESTIMATED = "Estimated at the configured prices per 1,000 tokens (as they are now), in minor units of currency, rounded to the nearest; course excerpts cost nothing.";
// Float, not Int: a year of a large course's tokens can pass GraphQL Int's 2^31.
const PROMPT_TOKENS = "Tokens the tutor's answers were given to read (question, passages, history); a whole number.";
const COMPLETION_TOKENS = "Tokens the tutor's answers were written in; a whole number.";

@ObjectType({ description: "What the tutor's model charges, in major units of the usage's currency (e.g. dollars) per 1,000 tokens." })
export class TutorTokenPrices {
  @Field(() => Float) promptPer1kTokens!: number;
  @Field(() => Float) completionPer1kTokens!: number;
}

@ObjectType({ description: "The answers of one model." })
export class TutorModelUsage {
  @Field(() => String, {
    nullable: true,
    description: "\"excerpts\" for the offline answers quoting the course, else the OpenAI-compatible model's name; null for model answers stored before answers named their model.",
  })
  model!: string | null;
  @Field({ description: "The offline answers made of the course's own excerpts: no model is called, they cost nothing." })
  excerpts!: boolean;
  @Field(() => Int) questions!: number;
  @Field(() => Float, { description: PROMPT_TOKENS }) promptTokens!: number;
  @Field(() => Float, { description: COMPLETION_TOKENS }) completionTokens!: number;
  @Field(() => Int, { description: ESTIMATED }) estimatedCostCents!: number;
}

@ObjectType({ description: "One UTC day of the range; days nobody asked have zeros." })
export class TutorDailyUsage {
  @Field({ description: "YYYY-MM-DD (UTC)." }) date!: string;
  @Field(() => Int) questions!: number;
  @Field(() => Int, { description: "Learners who asked that day." }) askers!: number;
  @Field(() => Float, { description: PROMPT_TOKENS }) promptTokens!: number;
  @Field(() => Float, { description: COMPLETION_TOKENS }) completionTokens!: number;
  @Field(() => Int, { description: ESTIMATED }) estimatedCostCents!: number;
}

@ObjectType({ description: "A course's tutor over a range: each question answered counts, an answer cut off half-way too." })
export class CourseTutorUsage {
  @Field({ description: "Included." }) from!: Date;
  @Field({ description: "Excluded." }) to!: Date;
  @Field(() => Int) questions!: number;
  @Field(() => Int, { description: "Distinct learners who asked." }) askers!: number;
  @Field(() => Float, { description: PROMPT_TOKENS }) promptTokens!: number;
  @Field(() => Float, { description: COMPLETION_TOKENS }) completionTokens!: number;
  @Field(() => Int, { description: ESTIMATED }) estimatedCostCents!: number;
  @Field({ description: "ISO-4217 code of the estimated costs and prices (TUTOR_PRICE_CURRENCY)." }) currency!: string;
  @Field(() => TutorTokenPrices) prices!: TutorTokenPrices;
  @Field(() => [TutorModelUsage], { description: "The costliest first." }) byModel!: TutorModelUsage[];
  @Field(() => [TutorDailyUsage], { description: "Every UTC day of the range, oldest first." }) daily!: TutorDailyUsage[];
}
