import type { PlayerQuizFragment, QuizAttemptResultFragment } from "../../gql/graphql";

/** "2 attempts left." / "Unlimited attempts." / "" (the team's preview). */
export function attemptsLeftText(quiz: Pick<PlayerQuizFragment, "attemptLimit" | "viewerAttemptsLeft">): string {
  if (quiz.attemptLimit === null || quiz.attemptLimit === undefined) return "You may take it as often as you like.";
  const left = quiz.viewerAttemptsLeft;
  if (left === null || left === undefined) return `Learners have ${quiz.attemptLimit} attempts.`;
  return left === 0 ? "You have no attempts left." : `You have ${left} attempt${left === 1 ? "" : "s"} left.`;
}

/** The learner's standing in the outline: passed, in progress, attempts left, not started. */
export function quizStatusText(quiz: PlayerQuizFragment): string {
  if (quiz.viewerPassed) return "Passed";
  if (quiz.viewerOpenAttempt) return "In progress";
  const taken = quiz.viewerAttempts.filter((attempt) => attempt.submittedAt !== null).length;
  if (taken === 0) return "Not started";
  const left = quiz.viewerAttemptsLeft;
  if (left === 0) return "Not passed, no attempts left";
  return left === null || left === undefined ? "Not passed yet" : `Not passed, ${left} attempt${left === 1 ? "" : "s"} left`;
}

/** "You scored 67 %: the pass mark is 100 %. You did not pass this time." */
export function scoreText(attempt: Pick<QuizAttemptResultFragment, "scorePercent" | "passed">, passPercent: number): string {
  const score = Math.round(attempt.scorePercent ?? 0);
  return attempt.passed
    ? `You scored ${score} % and passed (the pass mark is ${passPercent} %).`
    : `You scored ${score} %: the pass mark is ${passPercent} %. You did not pass this time; read the explanations below.`;
}
