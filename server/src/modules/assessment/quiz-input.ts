// What a quiz written by its team may hold: checked whole before anything is written, every
// problem named by its field (`questions[2].choices[0].text`).
import type { FieldErrors } from "../../platform/errors.ts";
import { decodeGlobalId } from "../../platform/ids.ts";
import type { QuizQuestionInput, QuizSettingsInput } from "./quiz.type.ts";

export const QUIZ_TITLE_MAX = 200;
export const MAX_QUESTIONS = 50;
export const PROMPT_MAX = 2000;
export const EXPLANATION_MAX = 2000;
export const CHOICE_TEXT_MAX = 500;
export const MIN_CHOICES = 2;
export const MAX_CHOICES = 10;
export const MAX_MOMENTS = 10;
export const MAX_ATTEMPT_LIMIT = 100;
/** Beyond this a number is a mistake, not an answer (and no longer exact as a double). */
export const NUMERIC_MAX = 1e12;

/** The course's videos a moment may name: database id -> length in seconds (null: not known yet). */
export type CourseVideos = ReadonlyMap<string, number | null>;

const length = (text: string) => [...text].length;

export const isSaneNumber = (value: number) => Number.isFinite(value) && Math.abs(value) <= NUMERIC_MAX;

export function settingsProblems(input: QuizSettingsInput, into: FieldErrors): void {
  const title = input.title.trim();
  if (title.length === 0 || length(title) > QUIZ_TITLE_MAX) into.title = `must be 1 to ${QUIZ_TITLE_MAX} characters long`;
  if (!Number.isInteger(input.passPercent) || input.passPercent < 0 || input.passPercent > 100) into.passPercent = "must be a whole percent from 0 to 100";
  if (input.attemptLimit != null && (input.attemptLimit < 1 || input.attemptLimit > MAX_ATTEMPT_LIMIT)) {
    into.attemptLimit = `must be from 1 to ${MAX_ATTEMPT_LIMIT}, or null for unlimited attempts`;
  }
}

function choiceProblems(question: QuizQuestionInput, at: string, into: FieldErrors): void {
  const { kind, choices } = question;
  if (kind === "NUMERIC") {
    if (choices.length > 0) into[`${at}.choices`] = "must be empty for a NUMERIC question";
    if (question.numericAnswer == null || !isSaneNumber(question.numericAnswer)) {
      into[`${at}.numericAnswer`] = `must be a number between -${NUMERIC_MAX.toExponential()} and ${NUMERIC_MAX.toExponential()} for a NUMERIC question`;
    }
    const tolerance = question.numericTolerance ?? 0;
    if (!isSaneNumber(tolerance) || tolerance < 0) into[`${at}.numericTolerance`] = `must be a number from 0 to ${NUMERIC_MAX.toExponential()}`;
    return;
  }
  if (question.numericAnswer != null) into[`${at}.numericAnswer`] = "is only for a NUMERIC question";
  if (question.numericTolerance != null) into[`${at}.numericTolerance`] = "is only for a NUMERIC question";
  const [fewest, most] = kind === "TRUE_FALSE" ? [2, 2] : [MIN_CHOICES, MAX_CHOICES];
  if (choices.length < fewest || choices.length > most) {
    into[`${at}.choices`] = fewest === most ? `must hold exactly ${fewest} choices (True and False)` : `must hold ${fewest} to ${most} choices`;
    return;
  }
  const right = choices.filter((choice) => choice.correct).length;
  if (kind === "MULTIPLE_CHOICE" ? right < 1 : right !== 1) {
    into[`${at}.choices`] = kind === "MULTIPLE_CHOICE" ? "must have at least one right choice" : "must have exactly one right choice";
  }
  const texts = new Set<string>();
  choices.forEach((choice, index) => {
    const text = choice.text.trim();
    if (text.length === 0 || length(text) > CHOICE_TEXT_MAX) into[`${at}.choices[${index}].text`] = `must be 1 to ${CHOICE_TEXT_MAX} characters long`;
    else if (texts.has(text)) into[`${at}.choices[${index}].text`] = "repeats another choice of the question";
    texts.add(text);
    if (length(choice.explanation) > EXPLANATION_MAX) into[`${at}.choices[${index}].explanation`] = `must be at most ${EXPLANATION_MAX} characters long`;
  });
}

function momentProblems(question: QuizQuestionInput, at: string, videos: CourseVideos, into: FieldErrors): void {
  if (question.coveredMoments.length > MAX_MOMENTS) {
    into[`${at}.coveredMoments`] = `must hold at most ${MAX_MOMENTS} moments`;
    return;
  }
  question.coveredMoments.forEach((moment, index) => {
    const decoded = decodeGlobalId(moment.videoId);
    const known = decoded?.type === "Video" && videos.has(decoded.id);
    if (!known) {
      into[`${at}.coveredMoments[${index}].videoId`] = "is not a video of this course";
      return;
    }
    const duration = videos.get(decoded.id) ?? null;
    if (!Number.isFinite(moment.seconds) || moment.seconds < 0 || (duration !== null && moment.seconds > duration)) {
      into[`${at}.coveredMoments[${index}].seconds`] = duration === null ? "must be 0 or more seconds" : `must be between 0 and the video's ${duration} seconds`;
    }
  });
}

export function questionProblems(questions: readonly QuizQuestionInput[], videos: CourseVideos, into: FieldErrors): void {
  if (questions.length < 1 || questions.length > MAX_QUESTIONS) {
    into.questions = `must hold 1 to ${MAX_QUESTIONS} questions`;
    return;
  }
  questions.forEach((question, index) => {
    const at = `questions[${index}]`;
    const prompt = question.prompt.trim();
    if (prompt.length === 0 || length(prompt) > PROMPT_MAX) into[`${at}.prompt`] = `must be 1 to ${PROMPT_MAX} characters long`;
    if (length(question.explanation) > EXPLANATION_MAX) into[`${at}.explanation`] = `must be at most ${EXPLANATION_MAX} characters long`;
    choiceProblems(question, at, into);
    momentProblems(question, at, videos, into);
  });
}

/** The questions as Prisma writes them, nested with their choices, once they passed questionProblems. */
export function questionRows(questions: readonly QuizQuestionInput[]) {
  return questions.map((question, position) => ({
    position,
    kind: question.kind,
    prompt: question.prompt.trim(),
    explanation: question.explanation.trim(),
    numericAnswer: question.kind === "NUMERIC" ? question.numericAnswer! : null,
    numericTolerance: question.kind === "NUMERIC" ? (question.numericTolerance ?? 0) : null,
    coveredMoments: question.coveredMoments.map((moment) => ({ videoId: decodeGlobalId(moment.videoId)!.id, seconds: moment.seconds })),
    choices: {
      create: question.choices.map((choice, index) => ({ position: index, text: choice.text.trim(), correct: choice.correct, explanation: choice.explanation.trim() })),
    },
  }));
}
