import { CONTROL_CHARACTERS, z } from "../../components/forms/zod";
import type { CreateQuizInput, EditableQuizFragment, QuizQuestionKind } from "../../gql/graphql";

/** As the API checks them (server/src/modules/assessment/quiz-input.ts). */
const NUMBER = /^-?\d+(\.\d+)?$/;

export const KIND_LABELS: Record<QuizQuestionKind, string> = {
  SINGLE_CHOICE: "One right choice",
  MULTIPLE_CHOICE: "Several right choices",
  TRUE_FALSE: "True or false",
  NUMERIC: "A number",
};

const text = (what: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, `Write at most ${max.toLocaleString("en-US")} characters in ${what}.`)
    .refine((value) => !CONTROL_CHARACTERS.test(value), `Remove the control characters from ${what}.`);

const choiceSchema = z.object({
  text: text("the choice", 500).min(1, "Write the choice's text."),
  correct: z.boolean(),
  explanation: text("the explanation", 2000),
});

const questionSchema = z
  .object({
    kind: z.enum(["SINGLE_CHOICE", "MULTIPLE_CHOICE", "TRUE_FALSE", "NUMERIC"]),
    prompt: text("the question", 2000).min(1, "Write the question."),
    explanation: text("the explanation", 2000),
    choices: z.array(choiceSchema),
    numericAnswer: z.string().trim(),
    numericTolerance: z.string().trim(),
    momentVideoId: z.string(),
    momentSeconds: z.string().trim(),
  })
  .superRefine((question, context) => {
    const problem = (path: string, message: string) => context.addIssue({ code: "custom", path: [path], message });
    if (question.kind === "NUMERIC") {
      if (!NUMBER.test(question.numericAnswer)) problem("numericAnswer", "Write the right answer as a number, such as 42 or 0.5.");
      if (question.numericTolerance && (!NUMBER.test(question.numericTolerance) || Number(question.numericTolerance) < 0)) {
        problem("numericTolerance", "Write the tolerance as a number of 0 or more, or leave it empty for an exact answer.");
      }
    } else {
      const right = question.choices.filter((choice) => choice.correct).length;
      if (question.choices.length < 2) problem("choices", "Give the question at least two choices.");
      else if (question.kind === "MULTIPLE_CHOICE" ? right < 1 : right !== 1) {
        problem("choices", question.kind === "MULTIPLE_CHOICE" ? "Mark at least one choice as right." : "Mark exactly one choice as right.");
      }
    }
    if (question.momentVideoId && !/^\d+(\.\d+)?$/.test(question.momentSeconds)) {
      problem("momentSeconds", "Write the second of the video the question is about, such as 90.");
    }
  });

export const quizSchema = z.object({
  title: text("the title", 200).min(1, "Give the quiz a title."),
  passPercent: z.number({ error: "Write the pass mark as a percent from 0 to 100." }).int("Write the pass mark as a whole percent.").min(0, "The pass mark is at least 0 %.").max(100, "The pass mark is at most 100 %."),
  attemptLimit: z.string().trim().refine((value) => value === "" || (/^\d+$/.test(value) && Number(value) >= 1 && Number(value) <= 100), "Write a number of attempts from 1 to 100, or leave it empty for unlimited attempts."),
  requiredForCompletion: z.boolean(),
  questions: z.array(questionSchema).min(1, "Add at least one question.").max(50, "A quiz holds at most 50 questions."),
});
export type QuizValues = z.infer<typeof quizSchema>;
export type QuestionValues = QuizValues["questions"][number];

const TRUE_FALSE_CHOICES = [
  { text: "True", correct: true, explanation: "" },
  { text: "False", correct: false, explanation: "" },
];

export function newQuestion(kind: QuizQuestionKind = "SINGLE_CHOICE"): QuestionValues {
  return {
    kind,
    prompt: "",
    explanation: "",
    choices:
      kind === "TRUE_FALSE"
        ? TRUE_FALSE_CHOICES
        : kind === "NUMERIC"
          ? []
          : [
              { text: "", correct: true, explanation: "" },
              { text: "", correct: false, explanation: "" },
            ],
    numericAnswer: "",
    numericTolerance: "",
    momentVideoId: "",
    momentSeconds: "",
  };
}

export function quizValuesOf(quiz: EditableQuizFragment | null): QuizValues {
  if (!quiz) return { title: "", passPercent: 70, attemptLimit: "", requiredForCompletion: false, questions: [newQuestion()] };
  return {
    title: quiz.title,
    passPercent: quiz.passPercent,
    attemptLimit: quiz.attemptLimit === null || quiz.attemptLimit === undefined ? "" : String(quiz.attemptLimit),
    requiredForCompletion: quiz.requiredForCompletion,
    questions: (quiz.questions ?? []).map((question) => ({
      kind: question.kind,
      prompt: question.prompt,
      explanation: question.explanation ?? "",
      choices: question.choices.map((choice) => ({ text: choice.text, correct: choice.correct ?? false, explanation: choice.explanation ?? "" })),
      numericAnswer: question.numericAnswer === null || question.numericAnswer === undefined ? "" : String(question.numericAnswer),
      numericTolerance: question.numericTolerance ? String(question.numericTolerance) : "",
      momentVideoId: question.coveredMoments[0]?.videoId ?? "",
      momentSeconds: question.coveredMoments[0] ? String(question.coveredMoments[0].seconds) : "",
    })),
  };
}

/** The form's values as the API takes them (without the section or the quiz's id). */
export function quizInputOf(values: QuizValues): Omit<CreateQuizInput, "sectionId"> {
  return {
    title: values.title,
    passPercent: values.passPercent,
    attemptLimit: values.attemptLimit === "" ? null : Number(values.attemptLimit),
    requiredForCompletion: values.requiredForCompletion,
    questions: values.questions.map((question) => ({
      kind: question.kind,
      prompt: question.prompt,
      explanation: question.explanation,
      choices: question.kind === "NUMERIC" ? [] : question.choices,
      numericAnswer: question.kind === "NUMERIC" ? Number(question.numericAnswer) : null,
      numericTolerance: question.kind === "NUMERIC" && question.numericTolerance ? Number(question.numericTolerance) : null,
      coveredMoments: question.momentVideoId ? [{ videoId: question.momentVideoId, seconds: Number(question.momentSeconds) }] : [],
    })),
  };
}

/** An API field error of a quiz (`questions[1].choices[0].text`) as a sentence a person can place. */
export function quizErrorSentence(field: string, message: string): string {
  const place = field
    .replace(/questions\[(\d+)\]/, (_, index: string) => `Question ${Number(index) + 1}`)
    .replace(/\.choices\[(\d+)\]/, (_, index: string) => `, choice ${Number(index) + 1}`)
    .replace(/\.coveredMoments\[(\d+)\]/, (_, index: string) => `, video moment ${Number(index) + 1}`)
    .replace(/\./g, ", ");
  const sentence = `${place.charAt(0).toUpperCase()}${place.slice(1)}: ${message.trim()}`;
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}
