// The assessment module's DataLoaders: quizzes by id and by section, questions (with their
// choices) by quiz, the viewer's attempts by quiz, and the required quizzes a learner passed.
import type { Quiz, QuizAttempt, QuizChoice, QuizQuestion } from "../../generated/prisma/client.ts";
import { defineLoader, groupBy, pickBy } from "../../platform/context.ts";
import { Prisma, readRows } from "../../platform/db.ts";

export type QuizRow = Quiz;
export type QuestionRow = QuizQuestion & { choices: QuizChoice[] };
export type AttemptRow = QuizAttempt;

export const quizById = defineLoader<string, QuizRow | null>("quizById", async (context, ids) => {
  const rows = await context.db.quiz.findMany({ where: { id: { in: [...ids] } } });
  return pickBy(ids, rows, (row) => row.id);
});

export const quizzesBySection = defineLoader<string, QuizRow[]>("quizzesBySection", async (context, sectionIds) => {
  const rows = await context.db.quiz.findMany({ where: { sectionId: { in: [...sectionIds] } }, orderBy: { position: "asc" } });
  return groupBy(sectionIds, rows, (row) => row.sectionId);
});

/** Two statements per batch, whatever it holds: the questions, then their choices. */
export const questionsByQuiz = defineLoader<string, QuestionRow[]>("questionsByQuiz", async (context, quizIds) => {
  const rows = await context.db.quizQuestion.findMany({
    where: { quizId: { in: [...quizIds] } },
    orderBy: { position: "asc" },
    include: { choices: { orderBy: { position: "asc" } } },
  });
  return groupBy(quizIds, rows, (row) => row.quizId);
});

export const attemptById = defineLoader<string, AttemptRow | null>("attemptById", async (context, ids) => {
  const rows = await context.db.quizAttempt.findMany({ where: { id: { in: [...ids] } } });
  return pickBy(ids, rows, (row) => row.id);
});

/** The viewer's own attempts (previews too) at each quiz, oldest first; none for anonymous viewers. */
export const viewerAttemptsByQuiz = defineLoader<string, AttemptRow[]>("viewerAttemptsByQuiz", async (context, quizIds) => {
  const viewer = context.viewer;
  if (!viewer) return quizIds.map(() => []);
  const rows = await context.db.quizAttempt.findMany({
    where: { userId: viewer.userId, quizId: { in: [...quizIds] } },
    orderBy: [{ preview: "asc" }, { number: "asc" }],
  });
  return groupBy(quizIds, rows, (row) => row.quizId);
});

/** Whether learners (not the team's previews) have attempted each quiz: its questions are then locked. */
export const learnersAttemptedQuiz = defineLoader<string, boolean>("learnersAttemptedQuiz", async (context, quizIds) => {
  const rows = await context.db.quizAttempt.groupBy({ by: ["quizId"], where: { quizId: { in: [...quizIds] }, preview: false } });
  const attempted = new Set(rows.map((row) => row.quizId));
  return quizIds.map((id) => attempted.has(id));
});

/** `${userId}:${courseId}` -> the course's required quizzes, and how many of them the learner passed. */
export const requiredQuizzesByLearner = defineLoader<string, { required: number; met: number }>("requiredQuizzesByLearner", async (context, keys) => {
  const pairs = keys.map((key) => key.split(":"));
  const rows = await readRows<{ key: string; required: number; met: number }>(context.db, Prisma.sql`
    SELECT k.user_id || ':' || k.course_id AS key, count(q.id)::int AS required,
      (count(q.id) FILTER (WHERE EXISTS (
        SELECT 1 FROM quiz_attempts a WHERE a.quiz_id = q.id AND a.user_id = k.user_id AND NOT a.preview AND a.passed
      )))::int AS met
    FROM unnest(${pairs.map(([userId]) => userId)}::uuid[], ${pairs.map(([, courseId]) => courseId)}::uuid[]) AS k(user_id, course_id)
    LEFT JOIN quizzes q ON q.course_id = k.course_id AND q.required_for_completion
    GROUP BY k.user_id, k.course_id`);
  const byKey = new Map(rows.map((row) => [row.key, row]));
  return keys.map((key) => byKey.get(key) ?? { required: 0, met: 0 });
});
