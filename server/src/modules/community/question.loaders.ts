// DataLoaders over the Q&A tables: a page of questions asks once for all its answers' counts,
// accepted answers and first pages of answers.
import type { CourseQuestion, QuestionAnswer } from "../../generated/prisma/client.ts";
import { defineLoader, pickBy } from "../../platform/context.ts";
import { Prisma, readRows, selectList } from "../../platform/db.ts";

export type QuestionRow = CourseQuestion;
export type AnswerRow = QuestionAnswer;

/** The columns of a `CourseQuestion` row from `course_questions q`. */
export const QUESTION_SELECT = selectList<QuestionRow>(
  {
    id: "id",
    courseId: "course_id",
    videoId: "video_id",
    userId: "user_id",
    positionSeconds: "position_seconds",
    title: "title",
    body: "body",
    edited: "edited",
    createdAt: "created_at",
    updatedAt: "updated_at",
    deletedAt: "deleted_at",
    hiddenAt: "hidden_at",
    hiddenById: "hidden_by_id",
    acceptedAnswerId: "accepted_answer_id",
  },
  "q",
);

/** The columns of a `QuestionAnswer` row from `question_answers a`. */
export const ANSWER_SELECT = selectList<AnswerRow>(
  {
    id: "id",
    questionId: "question_id",
    courseId: "course_id",
    userId: "user_id",
    body: "body",
    edited: "edited",
    createdAt: "created_at",
    updatedAt: "updated_at",
    hiddenAt: "hidden_at",
    hiddenById: "hidden_by_id",
  },
  "a",
);

export const questionById = defineLoader<string, QuestionRow | null>("questionById", async (context, ids) => {
  const rows = await readRows<QuestionRow>(context.db, Prisma.sql`SELECT ${QUESTION_SELECT} FROM course_questions q WHERE q.id = ANY(${ids}::uuid[])`);
  return pickBy(ids, rows, (row) => row.id);
});

export const answerById = defineLoader<string, AnswerRow | null>("answerById", async (context, ids) => {
  const rows = await readRows<AnswerRow>(context.db, Prisma.sql`SELECT ${ANSWER_SELECT} FROM question_answers a WHERE a.id = ANY(${ids}::uuid[])`);
  return pickBy(ids, rows, (row) => row.id);
});
