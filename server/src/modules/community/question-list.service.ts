// The lists of a course's Q&A, a page at a time (keyset on (sort key, id), signed cursors): a
// video's questions by moment or newest, a course's questions newest first or by relevance to a
// search, and each question's answers oldest first. Hidden posts are listed to their authors and
// to the people who may hide them (the course's team, admins), to no one else.
import type { Context } from "../../platform/context.ts";
import { defineLoader, groupBy } from "../../platform/context.ts";
import { Prisma, readRows } from "../../platform/db.ts";
import { badInput } from "../../platform/errors.ts";
import { parseId } from "../../platform/ids.ts";
import { pageWindow, toConnection, type Connection, type CursorValues, type PageArgs, type PageWindow } from "../../platform/pagination.ts";
import { may } from "../../platform/policy.ts";
import { searchTerms, tsquery } from "../../platform/text-search.ts";
import type { CourseRow } from "../catalog/index.ts";
import type { VideoRow } from "../media/index.ts";
import { ANSWER_SELECT, answerById, QUESTION_SELECT, questionById, type AnswerRow, type QuestionRow } from "./question.loaders.ts";
import { coursePolicy, participatingCourse } from "./question.policy.ts";
import { QuestionOrder } from "./question.type.ts";

export const SEARCH_MAX = 200;

interface SortKey {
  name: string;
  expression: Prisma.Sql;
  descending: boolean;
  cast(value: CursorValues[number]): Prisma.Sql;
}

const timestamp = (v: CursorValues[number]) => Prisma.sql`${v}::timestamptz`;

const SORT_KEYS: Record<QuestionOrder, SortKey> = {
  [QuestionOrder.MOMENT]: { name: "MOMENT", expression: Prisma.sql`q.position_seconds`, descending: false, cast: (v) => Prisma.sql`${v}::float8` },
  [QuestionOrder.NEWEST]: { name: "NEWEST", expression: Prisma.sql`q.created_at`, descending: true, cast: timestamp },
};

const searchDocument = Prisma.sql`course_question_search(q.title, q.body)`;

/** Which of a course's hidden posts the viewer is listed: their own, or all of them when they may hide posts. */
async function visiblePosts(context: Context, course: CourseRow, alias: "q" | "a"): Promise<Prisma.Sql> {
  if (await may(context, coursePolicy.moderate, course)) return Prisma.sql`TRUE`;
  const table = Prisma.raw(alias);
  return Prisma.sql`(${table}.hidden_at IS NULL OR ${table}.user_id = ${context.viewer!.userId}::uuid)`;
}

async function questionPage(context: Context, conditions: Prisma.Sql[], key: SortKey, window: PageWindow): Promise<Connection<QuestionRow>> {
  const direction = key.descending ? Prisma.sql`DESC` : Prisma.sql`ASC`;
  const pageConditions = [...conditions];
  if (window.after) {
    const [value, id] = window.after;
    const tuple = Prisma.sql`(${key.expression}, q.id)`;
    const bound = Prisma.sql`(${key.cast(value)}, ${id}::uuid)`;
    pageConditions.push(key.descending ? Prisma.sql`${tuple} < ${bound}` : Prisma.sql`${tuple} > ${bound}`);
  }
  const found = await readRows<QuestionRow & { sortKey: Date | number }>(context.db, Prisma.sql`
    SELECT ${QUESTION_SELECT}, ${key.expression} AS "sortKey" FROM course_questions q
    WHERE ${Prisma.join(pageConditions, " AND ")}
    ORDER BY ${key.expression} ${direction}, q.id ${direction}
    LIMIT ${window.limit + 1}`);
  const sortKeys = new Map<string, CursorValues[number]>();
  const loader = context.loader(questionById);
  const rows = found.map(({ sortKey, ...question }) => {
    sortKeys.set(question.id, sortKey instanceof Date ? sortKey.toISOString() : sortKey);
    loader.clear(question.id).prime(question.id, question);
    return question;
  });
  return toConnection(rows, window, (row) => [sortKeys.get(row.id) ?? null, row.id], async () => {
    const [{ count }] = await readRows<{ count: number }>(context.db, Prisma.sql`
      SELECT count(*)::int AS count FROM course_questions q WHERE ${Prisma.join(conditions, " AND ")}`);
    return count;
  });
}

/** Null for whoever takes no part in the course's Q&A (not enrolled, anonymous, an API key). */
export async function listVideoQuestions(context: Context, video: VideoRow, page: PageArgs, orderBy: QuestionOrder | null | undefined): Promise<Connection<QuestionRow> | null> {
  const course = await participatingCourse(context, video.courseId);
  if (!course) return null;
  const key = SORT_KEYS[orderBy ?? QuestionOrder.MOMENT];
  const window = pageWindow(context, page, `videoQuestions:${video.id}:${key.name}`);
  return questionPage(context, [Prisma.sql`q.video_id = ${video.id}::uuid`, await visiblePosts(context, course, "q")], key, window);
}

/** Newest first, or by relevance to `search` (the catalog's full-text search, over titles and bodies). */
export async function listCourseQuestions(
  context: Context,
  courseRow: CourseRow,
  page: PageArgs,
  search: string | null | undefined,
  videoGlobalId: string | null | undefined,
): Promise<Connection<QuestionRow> | null> {
  if (search != null && search.length > SEARCH_MAX) throw badInput({ search: `must be at most ${SEARCH_MAX} characters long` });
  const course = await participatingCourse(context, courseRow.id);
  if (!course) return null;
  const conditions = [Prisma.sql`q.course_id = ${course.id}::uuid`, await visiblePosts(context, course, "q")];
  if (videoGlobalId != null) conditions.push(Prisma.sql`q.video_id = ${parseId(videoGlobalId, "Video", "videoId")}::uuid`);
  const terms = search ? searchTerms(search) : null;
  let key = SORT_KEYS[QuestionOrder.NEWEST];
  if (terms) {
    conditions.push(Prisma.sql`${searchDocument} @@ ${tsquery(terms)}`);
    key = { name: "RELEVANCE", expression: Prisma.sql`ts_rank(${searchDocument}, ${tsquery(terms)})`, descending: true, cast: (v) => Prisma.sql`${v}::real` };
  }
  // A search's cursors hold its rank: they serve that search only.
  const window = pageWindow(context, page, `courseQuestions:${course.id}:${key.name}:${terms ? JSON.stringify(terms) : ""}`);
  return questionPage(context, conditions, key, window);
}

/** Which answers of these questions the viewer is listed, across their courses. */
async function visibleAnswers(context: Context, questionIds: readonly string[]): Promise<Prisma.Sql> {
  const questions = await context.loader(questionById).loadMany(questionIds);
  const courseIds = [...new Set(questions.flatMap((question) => (question && !(question instanceof Error) ? [question.courseId] : [])))];
  const moderated: string[] = [];
  for (const courseId of courseIds) {
    const course = await participatingCourse(context, courseId);
    if (course && (await may(context, coursePolicy.moderate, course))) moderated.push(courseId);
  }
  return Prisma.sql`(a.hidden_at IS NULL OR a.user_id = ${context.viewer?.userId ?? null}::uuid OR a.course_id = ANY(${moderated}::uuid[]))`;
}

/** The answers the viewer is listed, per question. */
export const answerCountByQuestion = defineLoader<string, number>("answerCountByQuestion", async (context, questionIds) => {
  const rows = await readRows<{ questionId: string; count: number }>(context.db, Prisma.sql`
    SELECT a.question_id AS "questionId", count(*)::int AS count FROM question_answers a
    WHERE a.question_id = ANY(${questionIds}::uuid[]) AND ${await visibleAnswers(context, questionIds)}
    GROUP BY a.question_id`);
  const counts = new Map(rows.map((row) => [row.questionId, row.count]));
  return questionIds.map((id) => counts.get(id) ?? 0);
});

/**
 * The first page of answers of many questions in one statement (a page of questions shows each
 * one's first answers), keyed `<limit>:<question id>`: one statement per distinct page size.
 */
const firstAnswersByQuestion = defineLoader<string, AnswerRow[]>("firstAnswersByQuestion", async (context, keys) => {
  const parsed = keys.map((key) => ({ limit: Number(key.slice(0, key.indexOf(":"))), questionId: key.slice(key.indexOf(":") + 1) }));
  const found: (AnswerRow & { limit: number })[] = [];
  for (const limit of new Set(parsed.map((key) => key.limit))) {
    const questionIds = parsed.filter((key) => key.limit === limit).map((key) => key.questionId);
    const rows = await readRows<AnswerRow & { place: number }>(context.db, Prisma.sql`
      SELECT * FROM (
        SELECT ${ANSWER_SELECT}, row_number() OVER (PARTITION BY a.question_id ORDER BY a.created_at, a.id) AS place
        FROM question_answers a WHERE a.question_id = ANY(${questionIds}::uuid[]) AND ${await visibleAnswers(context, questionIds)}
      ) ranked WHERE place <= ${limit + 1} ORDER BY place`);
    found.push(...rows.map(({ place: _place, ...answer }) => ({ ...answer, limit })));
  }
  const loader = context.loader(answerById);
  for (const { limit: _limit, ...answer } of found) loader.clear(answer.id).prime(answer.id, answer);
  return groupBy(
    parsed.map((key) => `${key.limit}:${key.questionId}`),
    found,
    (row) => `${row.limit}:${row.questionId}`,
  ).map((group) => group.map(({ limit: _limit, ...answer }) => answer));
});

/** A question's answers, oldest first. */
export async function listAnswers(context: Context, question: QuestionRow, page: PageArgs): Promise<Connection<AnswerRow>> {
  const window = pageWindow(context, page, `answers:${question.id}`);
  let rows: AnswerRow[];
  if (!window.after) {
    rows = await context.loader(firstAnswersByQuestion).load(`${window.limit}:${question.id}`);
  } else {
    const [createdAt, id] = window.after;
    rows = await readRows<AnswerRow>(context.db, Prisma.sql`
      SELECT ${ANSWER_SELECT} FROM question_answers a
      WHERE a.question_id = ${question.id}::uuid AND ${await visibleAnswers(context, [question.id])} AND (a.created_at, a.id) > (${createdAt}::timestamptz, ${id}::uuid)
      ORDER BY a.created_at, a.id LIMIT ${window.limit + 1}`);
  }
  return toConnection(rows, window, (row) => [row.createdAt.toISOString(), row.id], () => context.loader(answerCountByQuestion).load(question.id));
}
