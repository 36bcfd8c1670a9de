// For the tutor (later in the dependency order): the quiz a learner is taking right now in a
// course, with its questions' texts, so it can decline to answer them while the attempt is open.
import type { Database } from "../../platform/db.ts";

export interface OpenQuiz {
  quizId: string;
  attemptId: string;
  title: string;
  expiresAt: Date;
  questions: { prompt: string; choices: string[] }[];
}

/** The learner's open attempt (started, not submitted, not expired) in the course, if any: its quiz's questions. */
export async function openQuizOf(platform: { db: Database }, userId: string, courseId: string): Promise<OpenQuiz | null> {
  const attempt = await platform.db.quizAttempt.findFirst({
    where: { userId, courseId, submittedAt: null, expiresAt: { gt: new Date() } },
    orderBy: { startedAt: "desc" },
    include: { quiz: { include: { questions: { orderBy: { position: "asc" }, include: { choices: { orderBy: { position: "asc" } } } } } } },
  });
  if (!attempt) return null;
  return {
    quizId: attempt.quizId,
    attemptId: attempt.id,
    title: attempt.quiz.title,
    expiresAt: attempt.expiresAt,
    questions: attempt.quiz.questions.map((question) => ({ prompt: question.prompt, choices: question.choices.map((choice) => choice.text) })),
  };
}
