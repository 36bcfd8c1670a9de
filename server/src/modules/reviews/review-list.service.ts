// A course's reviews, a page at a time (keyset on (sort key, id), newest first among ties): the
// visible ones for everyone, hidden ones too for admins, who decide about them.
import type { Context } from "../../platform/context.ts";
import { Prisma, readRows } from "../../platform/db.ts";
import { pageWindow, toConnection, type Connection, type CursorValues, type PageArgs } from "../../platform/pagination.ts";
import type { CourseRow } from "../catalog/index.ts";
import { findUser, isAdmin, profileOf } from "../identity/index.ts";
import { REVIEW_SELECT, reviewById, type ReviewRow } from "./review.loaders.ts";
import { CourseReviewOrder } from "./review.type.ts";

interface SortKey {
  /** Every order reads descending: LOWEST sorts on the negated rating. */
  expression: Prisma.Sql;
  cast(value: CursorValues[number]): Prisma.Sql;
}

const SORT_KEYS: Record<CourseReviewOrder, SortKey> = {
  [CourseReviewOrder.NEWEST]: { expression: Prisma.sql`r.created_at`, cast: (v) => Prisma.sql`${v}::timestamptz` },
  [CourseReviewOrder.HIGHEST]: { expression: Prisma.sql`r.rating::int`, cast: (v) => Prisma.sql`${v}::int` },
  [CourseReviewOrder.LOWEST]: { expression: Prisma.sql`(-r.rating)::int`, cast: (v) => Prisma.sql`${v}::int` },
};

export async function listCourseReviews(
  context: Context,
  course: CourseRow,
  page: PageArgs,
  orderBy: CourseReviewOrder | null | undefined,
): Promise<Connection<ReviewRow>> {
  const order = orderBy ?? CourseReviewOrder.NEWEST;
  const key = SORT_KEYS[order];
  const window = pageWindow(context, page, `courseReviews:${course.id}:${order}`);
  const conditions = [Prisma.sql`r.course_id = ${course.id}::uuid`];
  if (!(await isAdmin(context, null))) conditions.push(Prisma.sql`r.hidden_at IS NULL`);
  const pageConditions = [...conditions];
  if (window.after) {
    const [value, id] = window.after;
    pageConditions.push(Prisma.sql`(${key.expression}, r.id) < (${key.cast(value)}, ${id}::uuid)`);
  }
  const found = await readRows<ReviewRow & { sortKey: Date | number }>(context.db, Prisma.sql`
    SELECT ${REVIEW_SELECT}, ${key.expression} AS "sortKey" FROM course_reviews r
    WHERE ${Prisma.join(pageConditions, " AND ")}
    ORDER BY ${key.expression} DESC, r.id DESC
    LIMIT ${window.limit + 1}`);
  const sortKeys = new Map<string, CursorValues[number]>();
  const loader = context.loader(reviewById);
  const rows = found.map(({ sortKey, ...review }) => {
    sortKeys.set(review.id, sortKey instanceof Date ? sortKey.toISOString() : sortKey);
    loader.clear(review.id).prime(review.id, review);
    return review;
  });
  loadPeopleOf(context, rows);
  return toConnection(rows, window, (row) => [sortKeys.get(row.id) ?? null, row.id], async () => {
    const [{ count }] = await readRows<{ count: number }>(context.db, Prisma.sql`
      SELECT count(*)::int AS count FROM course_reviews r WHERE ${Prisma.join(conditions, " AND ")}`);
    return count;
  });
}

/**
 * Starts loading the page's authors and repliers with their profiles in one batch each: they are
 * asked for at different depths of the answer (a review's author, its reply's author), which
 * would otherwise make a batch each. Whoever asks later gets the loaders' answers.
 */
function loadPeopleOf(context: Context, rows: readonly ReviewRow[]): void {
  const ids = new Set(rows.flatMap((row) => (row.replyAuthorId ? [row.userId, row.replyAuthorId] : [row.userId])));
  for (const id of ids) {
    void findUser(context, id);
    // A missing profile is the field's refusal to make, when it is asked for.
    profileOf(context, id).catch(() => undefined);
  }
}
