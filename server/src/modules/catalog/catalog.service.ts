// The published catalog (filters, full-text search, keyset pagination) and an instructor's courses.
import type { CourseStatus } from "../../generated/prisma/enums.ts";
import type { Context } from "../../platform/context.ts";
import { Prisma } from "../../platform/db.ts";
import { badInput } from "../../platform/errors.ts";
import { parseId } from "../../platform/ids.ts";
import { pageWindow, toConnection, type Connection, type CursorValues, type PageArgs } from "../../platform/pagination.ts";
import { searchTerms, tsquery, type SearchTerms } from "../../platform/text-search.ts";
import type { CourseRow } from "./course.loaders.ts";
import { CO_INSTRUCTOR_IDS, COURSE_SELECT, coInstructorIdsByCourse, courseById } from "./course.loaders.ts";
import { CourseOrderField, OrderDirection, type CourseFilter, type CourseOrder } from "./course.type.ts";
import { TAG_MAX } from "./course.validation.ts";

export const SEARCH_MAX = 200;

interface SortKey {
  /** Names the ordering in its cursors, which only a page of the same ordering accepts. */
  name: string;
  expression: Prisma.Sql;
  /** Casts the cursor's value back to the column's type. */
  cast(value: CursorValues[number]): Prisma.Sql;
}

const SORT_KEYS: Record<CourseOrderField, SortKey> = {
  [CourseOrderField.PUBLISHED_AT]: { name: "PUBLISHED_AT", expression: Prisma.sql`c.published_at`, cast: (v) => Prisma.sql`${v}::timestamptz` },
  [CourseOrderField.TITLE]: { name: "TITLE", expression: Prisma.sql`c.title`, cast: (v) => Prisma.sql`${v}::text` },
  [CourseOrderField.POPULARITY]: { name: "POPULARITY", expression: Prisma.sql`c.popularity`, cast: (v) => Prisma.sql`${v}::int` },
  [CourseOrderField.PRICE]: { name: "PRICE", expression: Prisma.sql`c.price_cents`, cast: (v) => Prisma.sql`${v}::int` },
  // Kept by the reviews module through recordCourseRating (course-rating.ts).
  [CourseOrderField.RATING]: {
    name: "RATING",
    expression: Prisma.sql`(CASE WHEN c.rating_count = 0 THEN 0 ELSE c.rating_sum::float8 / c.rating_count END)`,
    cast: (v) => Prisma.sql`${v}::float8`,
  },
};

function relevance(terms: SearchTerms): SortKey {
  return {
    name: "RELEVANCE",
    expression: Prisma.sql`ts_rank(c.search_vector, ${tsquery(terms)})`,
    cast: (v) => Prisma.sql`${v}::real`,
  };
}

function filterConditions(filter: CourseFilter | null | undefined, terms: SearchTerms | null): Prisma.Sql[] {
  const conditions = [Prisma.sql`c.status = 'PUBLISHED'`];
  if (terms) conditions.push(Prisma.sql`c.search_vector @@ ${tsquery(terms)}`);
  if (filter?.instructorId != null) {
    const userId = parseId(filter.instructorId, "User", "instructorId");
    conditions.push(Prisma.sql`(c.owner_id = ${userId}::uuid OR EXISTS (
      SELECT 1 FROM course_instructors ci WHERE ci.course_id = c.id AND ci.user_id = ${userId}::uuid))`);
  }
  if (filter?.tag != null) {
    const tag = filter.tag.trim().toLowerCase();
    if (tag.length === 0 || tag.length > TAG_MAX) throw badInput({ tag: `must be 1 to ${TAG_MAX} characters long` });
    conditions.push(Prisma.sql`c.tags @> ARRAY[${tag}]::text[]`);
  }
  if (filter?.free != null) conditions.push(filter.free ? Prisma.sql`c.price_cents = 0` : Prisma.sql`c.price_cents > 0`);
  return conditions;
}

/** Primes the request's loader with the page's rows, so field resolvers reuse them. */
function primeCourses(context: Context, rows: CourseRow[]): void {
  const loader = context.loader(courseById);
  for (const row of rows) loader.clear(row.id).prime(row.id, row);
}

/**
 * Keyset pagination on (sort key, id): stable under ties, and rows inserted meanwhile never
 * shift a page. Relevance order when searching unless an order is asked for.
 */
export async function listCatalog(
  context: Context,
  page: PageArgs,
  filter?: CourseFilter | null,
  orderBy?: CourseOrder | null,
): Promise<Connection<CourseRow>> {
  if (filter?.search != null && filter.search.length > SEARCH_MAX) {
    throw badInput({ search: `must be at most ${SEARCH_MAX} characters long` });
  }
  const terms = filter?.search ? searchTerms(filter.search) : null;
  const conditions = filterConditions(filter, terms);
  const key = orderBy ? SORT_KEYS[orderBy.field] : terms ? relevance(terms) : SORT_KEYS[CourseOrderField.PUBLISHED_AT];
  const window = pageWindow(context, page, `catalog:${key.name}`);
  const descending = orderBy ? orderBy.direction === OrderDirection.DESC : true;
  const direction = descending ? Prisma.sql`DESC` : Prisma.sql`ASC`;

  const pageConditions = [...conditions];
  if (window.after) {
    const [value, id] = window.after;
    const tuple = Prisma.sql`(${key.expression}, c.id)`;
    const bound = Prisma.sql`(${key.cast(value)}, ${id}::uuid)`;
    pageConditions.push(descending ? Prisma.sql`${tuple} < ${bound}` : Prisma.sql`${tuple} > ${bound}`);
  }
  // The co-instructors come along because a catalog page shows every course's teaching team.
  const found = await context.db.$queryRaw<(CourseRow & { sortKey: Date | string | number; coInstructorIds: string[] })[]>`
    SELECT ${COURSE_SELECT}, ${key.expression} AS "sortKey", ${CO_INSTRUCTOR_IDS} AS "coInstructorIds" FROM courses c
    WHERE ${Prisma.join(pageConditions, " AND ")}
    ORDER BY ${key.expression} ${direction}, c.id ${direction}
    LIMIT ${window.limit + 1}`;
  const sortKeys = new Map<string, CursorValues[number]>();
  const coInstructors = context.loader(coInstructorIdsByCourse);
  const rows = found.map(({ sortKey, coInstructorIds, ...course }) => {
    sortKeys.set(course.id, sortKey instanceof Date ? sortKey.toISOString() : sortKey);
    coInstructors.clear(course.id).prime(course.id, coInstructorIds);
    return course;
  });
  primeCourses(context, rows);
  return toConnection(rows, window, (row) => [sortKeys.get(row.id) ?? null, row.id], async () => {
    const [{ count }] = await context.db.$queryRaw<{ count: number }[]>`
      SELECT count(*)::int AS count FROM courses c WHERE ${Prisma.join(conditions, " AND ")}`;
    return count;
  });
}

/** Courses the viewer owns or co-teaches, newest first, every status unless one is asked for. */
export async function listTeachingCourses(
  context: Context,
  page: PageArgs,
  status?: CourseStatus | null,
): Promise<Connection<CourseRow>> {
  const window = pageWindow(context, page, "teachingCourses");
  const userId = context.viewer!.userId;
  const where: Prisma.CourseWhereInput = {
    OR: [{ ownerId: userId }, { coInstructors: { some: { userId } } }],
    ...(status ? { status } : {}),
  };
  const [afterId] = (window.after ?? []) as string[];
  const rows = await context.db.course.findMany({
    where: afterId ? { AND: [where, { id: { lt: afterId } }] } : where,
    orderBy: { id: "desc" },
    take: window.limit + 1,
  });
  return toConnection(rows, window, (row) => [row.id], () => context.db.course.count({ where }));
}
