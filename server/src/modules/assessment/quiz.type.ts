import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { QuizQuestionKind } from "../../generated/prisma/enums.ts";
import { MultilineText } from "../../platform/input-text.ts";
import { Node } from "../../platform/node.ts";

registerEnumType(QuizQuestionKind, {
  name: "QuizQuestionKind",
  valuesConfig: {
    SINGLE_CHOICE: { description: "Choices, exactly one of them right." },
    MULTIPLE_CHOICE: { description: "Choices, one or more of them right: answered right with all the right ones and no other." },
    TRUE_FALSE: { description: "Two choices (True, False), one of them right." },
    NUMERIC: { description: "A number, right within the question's tolerance." },
  },
});

/** A second of a video that a question covers. */
@ObjectType()
export class VideoMoment {
  @Field(() => ID) videoId!: string;
  @Field(() => Float) seconds!: number;
}

/**
 * A choice of a question. Whether it is right, and its explanation, are the answer key: null for
 * everyone but the course's team; a learner learns them for the choices they picked, from their
 * submitted attempt's results.
 */
@ObjectType({ implements: Node })
export class QuizChoice extends Node {
  @Field() text!: string;
  @Field(() => Boolean, { nullable: true, description: "For the course's team only; null for learners." }) correct!: boolean | null;
  @Field(() => String, { nullable: true, description: "For the course's team only; null for learners." }) explanation!: string | null;
}

@ObjectType({ implements: Node })
export class QuizQuestion extends Node {
  @Field(() => QuizQuestionKind) kind!: QuizQuestionKind;
  @Field() prompt!: string;
  @Field(() => Int, { description: "0-based within its quiz." }) position!: number;
  @Field(() => [QuizChoice], { description: "Empty for a NUMERIC question." }) choices!: QuizChoice[];
  @Field(() => [VideoMoment], { description: "The moments of the course's videos the question is about." }) coveredMoments!: VideoMoment[];
  @Field(() => String, { nullable: true, description: "For the course's team only; null for learners." }) explanation!: string | null;
  @Field(() => Float, { nullable: true, description: "NUMERIC: the right number. For the course's team only; null for learners." })
  numericAnswer!: number | null;
  @Field(() => Float, { nullable: true, description: "NUMERIC: how far from the right number an answer may be. For the course's team only." })
  numericTolerance!: number | null;
}

/** A quiz of a section. Its questions, its course and the viewer's attempts are field resolvers. */
@ObjectType({ implements: Node })
export class Quiz extends Node {
  @Field() title!: string;
  @Field(() => Int, { description: "0-based among its section's quizzes." }) position!: number;
  @Field(() => Int, { description: "The percent of questions answered right that passes, 0 to 100." }) passPercent!: number;
  @Field(() => Int, { nullable: true, description: "How many attempts a learner may make; null: as many as they like." }) attemptLimit!: number | null;
  @Field({ description: "Whether a learner completes the course only once they passed this quiz." }) requiredForCompletion!: boolean;
  @Field() createdAt!: Date;
  @Field() updatedAt!: Date;
}

/** What a learner's submitted attempt says of one question. */
@ObjectType()
export class QuizChoiceFeedback {
  @Field(() => ID) choiceId!: string;
  @Field() text!: string;
  @Field({ description: "Whether this choice the learner picked is a right one." }) correct!: boolean;
  @Field() explanation!: string;
}

@ObjectType()
export class QuizQuestionResult {
  @Field(() => ID) questionId!: string;
  @Field({ description: "Whether the learner answered the question right." }) correct!: boolean;
  @Field(() => [ID]) chosenChoiceIds!: string[];
  @Field(() => Float, { nullable: true }) numericAnswer!: number | null;
  @Field({ description: "The question's own explanation (a NUMERIC question's only one); may be empty." }) explanation!: string;
  @Field(() => [QuizChoiceFeedback], {
    description: "The choices the learner picked, each with whether it is right and its explanation. Right choices left unpicked are not told, so a retake still asks.",
  })
  chosenChoices!: QuizChoiceFeedback[];
}

/** One try at a quiz by its taker (a team member's is a preview, which counts for nothing). */
@ObjectType({ implements: Node })
export class QuizAttempt extends Node {
  @Field(() => Int, { description: "1, 2, ... among the taker's attempts (previews numbered apart)." }) number!: number;
  @Field({ description: "A course team member's try: not limited, not counted towards completion." }) preview!: boolean;
  @Field() startedAt!: Date;
  @Field({ description: "Not submitted by then, the attempt is over, with no score." }) expiresAt!: Date;
  @Field(() => Date, { nullable: true }) submittedAt!: Date | null;
  @Field(() => Float, { nullable: true, description: "Percent of the questions answered right; null until submitted." }) scorePercent!: number | null;
  @Field(() => Boolean, { nullable: true, description: "Against the pass mark of the moment it was submitted; null until then." }) passed!: boolean | null;
}

@InputType()
export class QuizChoiceInput {
  @Field({ description: "1 to 500 characters." }) text!: string;
  @Field() correct!: boolean;
  @Field({ defaultValue: "", description: "At most 2,000 characters; shown to a learner who picked this choice, after they submit." })
  @MultilineText()
  explanation!: string;
}

@InputType()
export class VideoMomentInput {
  @Field(() => ID, { description: "A video of the quiz's course." }) videoId!: string;
  @Field(() => Float, { description: "Within the video's length." }) seconds!: number;
}

@InputType()
export class QuizQuestionInput {
  @Field(() => QuizQuestionKind) kind!: QuizQuestionKind;
  @Field({ description: "1 to 2,000 characters." }) @MultilineText() prompt!: string;
  @Field({ defaultValue: "", description: "At most 2,000 characters; shown with the learner's result." }) @MultilineText() explanation!: string;
  @Field(() => [QuizChoiceInput], {
    defaultValue: [],
    description: "SINGLE_CHOICE: 2 to 10, one right; MULTIPLE_CHOICE: 2 to 10, at least one right; TRUE_FALSE: 2, one right; NUMERIC: none.",
  })
  choices!: QuizChoiceInput[];
  @Field(() => Float, { nullable: true, description: "NUMERIC only: the right number." }) numericAnswer?: number | null;
  @Field(() => Float, { nullable: true, description: "NUMERIC only: how far from it an answer may be; 0 when absent." }) numericTolerance?: number | null;
  @Field(() => [VideoMomentInput], { defaultValue: [], description: "At most 10." }) coveredMoments!: VideoMomentInput[];
}

@InputType()
export class QuizSettingsInput {
  @Field({ description: "1 to 200 characters." }) title!: string;
  @Field(() => Int, { description: "0 to 100." }) passPercent!: number;
  @Field(() => Int, { nullable: true, description: "1 to 100; null: unlimited." }) attemptLimit?: number | null;
  @Field({ defaultValue: false }) requiredForCompletion!: boolean;
}

@InputType()
export class CreateQuizInput extends QuizSettingsInput {
  @Field(() => ID) sectionId!: string;
  @Field(() => [QuizQuestionInput], { description: "1 to 50." }) questions!: QuizQuestionInput[];
}

@InputType()
export class UpdateQuizInput extends QuizSettingsInput {
  @Field(() => ID) id!: string;
  @Field(() => [QuizQuestionInput], {
    nullable: true,
    description: "Replaces every question; kept when absent. Refused (QUIZ_HAS_ATTEMPTS) once a learner attempted the quiz, so their graded attempts keep their meaning.",
  })
  questions?: QuizQuestionInput[] | null;
}

@InputType()
export class QuizAnswerInput {
  @Field(() => ID) questionId!: string;
  @Field(() => [ID], { defaultValue: [], description: "The picked choices: one for SINGLE_CHOICE and TRUE_FALSE, any for MULTIPLE_CHOICE." })
  choiceIds!: string[];
  @Field(() => Float, { nullable: true, description: "NUMERIC only." }) numericAnswer?: number | null;
}

@InputType()
export class SubmitQuizAttemptInput {
  @Field(() => ID) attemptId!: string;
  @Field(() => [QuizAnswerInput], { description: "At most one per question; a question left out is answered wrong." }) answers!: QuizAnswerInput[];
}
