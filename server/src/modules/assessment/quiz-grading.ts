// A submitted attempt's answers: checked against the quiz's own questions and choices (every
// problem named by its field, nothing graded until all is well), then graded.
import type { FieldErrors } from "../../platform/errors.ts";
import { decodeGlobalId } from "../../platform/ids.ts";
import { isSaneNumber, NUMERIC_MAX } from "./quiz-input.ts";
import type { QuestionRow } from "./quiz.loaders.ts";
import type { QuizAnswerInput } from "./quiz.type.ts";

/** One question's answer as stored with the attempt (database ids). */
export interface GradedAnswer {
  questionId: string;
  choiceIds: string[];
  numericAnswer: number | null;
  correct: boolean;
}

export interface Grade {
  answers: GradedAnswer[];
  scorePercent: number;
  passed: boolean;
}

/** The database id behind a global id of that type, or null. */
function idOf(globalId: string, type: string): string | null {
  const decoded = decodeGlobalId(globalId);
  return decoded?.type === type ? decoded.id : null;
}

/** The answers by question (database ids), or the problems of the input. */
export function readAnswers(answers: readonly QuizAnswerInput[], questions: readonly QuestionRow[]): { problems: FieldErrors; byQuestion: Map<string, QuizAnswerInput & { choices: string[] }> } {
  const problems: FieldErrors = {};
  const byQuestion = new Map<string, QuizAnswerInput & { choices: string[] }>();
  if (answers.length > questions.length) {
    problems.answers = `must hold at most one answer per question (${questions.length})`;
    return { problems, byQuestion };
  }
  const questionById = new Map(questions.map((question) => [question.id, question]));
  answers.forEach((answer, index) => {
    const at = `answers[${index}]`;
    const questionId = idOf(answer.questionId, "QuizQuestion");
    const question = questionId ? questionById.get(questionId) : undefined;
    if (!questionId || !question) {
      problems[`${at}.questionId`] = "is not a question of this quiz";
      return;
    }
    if (byQuestion.has(questionId)) {
      problems[`${at}.questionId`] = "answers a question already answered in this submission";
      return;
    }
    const choices: string[] = [];
    if (question.kind === "NUMERIC") {
      if (answer.choiceIds.length > 0) problems[`${at}.choiceIds`] = "must be empty for a question answered with a number";
      if (answer.numericAnswer != null && !isSaneNumber(answer.numericAnswer)) {
        problems[`${at}.numericAnswer`] = `must be a number between -${NUMERIC_MAX.toExponential()} and ${NUMERIC_MAX.toExponential()}`;
      }
    } else {
      if (answer.numericAnswer != null) problems[`${at}.numericAnswer`] = "is only for a question answered with a number";
      const own = new Set(question.choices.map((choice) => choice.id));
      for (const choiceGlobalId of answer.choiceIds) {
        const choiceId = idOf(choiceGlobalId, "QuizChoice");
        if (!choiceId || !own.has(choiceId)) problems[`${at}.choiceIds`] = "names a choice that is not one of this question's";
        else if (choices.includes(choiceId)) problems[`${at}.choiceIds`] = "names a choice twice";
        else choices.push(choiceId);
      }
      if (question.kind !== "MULTIPLE_CHOICE" && answer.choiceIds.length > 1) problems[`${at}.choiceIds`] = "must name at most one choice for this question";
    }
    byQuestion.set(questionId, { ...answer, choices });
  });
  return { problems, byQuestion };
}

function isRight(question: QuestionRow, choices: readonly string[], numericAnswer: number | null): boolean {
  if (question.kind === "NUMERIC") {
    if (numericAnswer === null || question.numericAnswer === null) return false;
    // The tolerance as written (0.1) is not exactly what a double holds: a hair's width more.
    const slack = (question.numericTolerance ?? 0) + 1e-9 * Math.max(1, Math.abs(question.numericAnswer));
    return Math.abs(numericAnswer - question.numericAnswer) <= slack;
  }
  const right = question.choices.filter((choice) => choice.correct).map((choice) => choice.id);
  return choices.length === right.length && right.every((id) => choices.includes(id));
}

/** Every question graded, unanswered ones wrong; passes at the pass mark or above. */
export function grade(questions: readonly QuestionRow[], byQuestion: ReturnType<typeof readAnswers>["byQuestion"], passPercent: number): Grade {
  const answers = questions.map((question): GradedAnswer => {
    const answer = byQuestion.get(question.id);
    const choiceIds = answer?.choices ?? [];
    const numericAnswer = answer?.numericAnswer ?? null;
    return { questionId: question.id, choiceIds, numericAnswer, correct: isRight(question, choiceIds, numericAnswer) };
  });
  const right = answers.filter((answer) => answer.correct).length;
  const scorePercent = questions.length ? (right / questions.length) * 100 : 0;
  return { answers, scorePercent, passed: scorePercent >= passPercent };
}
