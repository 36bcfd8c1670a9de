// A course's tutor usage for its owner and admins (co-instructors teach, they do not handle the
// course's money): questions, the learners who asked, tokens, and the cost estimated at the
// configured prices (TUTOR_*_PRICE_PER_1K_TOKENS, read now, not when the answers were given), in
// total, per answering model and per UTC day. The offline excerpts call no model and cost nothing;
// an answer cut off half-way counts with what its model was sent and had written.
import type { TutorPrices } from "../../platform/config.ts";
import type { Context } from "../../platform/context.ts";
import { badInput, notFound } from "../../platform/errors.ts";
import { parseId } from "../../platform/ids.ts";
import { authorize } from "../../platform/policy.ts";
import { coursePolicy, findVisibleCourse } from "../catalog/index.ts";
import { EXCERPTS_MODEL } from "./tutor-model.ts";

const DAY_MS = 86_400_000;
export const DEFAULT_RANGE_DAYS = 30;
export const MAX_RANGE_DAYS = 366;

interface Figures {
  questions: number;
  askers: number;
  promptTokens: number;
  completionTokens: number;
  estimatedCostCents: number;
}

export interface ModelUsageView extends Omit<Figures, "askers"> {
  /** Null for model answers stored before answers named their model. */
  model: string | null;
  excerpts: boolean;
}

export interface DailyUsageView extends Figures {
  /** The UTC day, "YYYY-MM-DD". */
  date: string;
}

export interface CourseTutorUsageView extends Figures {
  from: Date;
  to: Date;
  currency: string;
  prices: Omit<TutorPrices, "currency">;
  byModel: ModelUsageView[];
  daily: DailyUsageView[];
}

/** One grouping set's row: the whole range (both null), one model, or one day. */
interface UsageRow {
  grouping: "total" | "model" | "day";
  model: string | null;
  date: string | null;
  questions: number;
  askers: number;
  promptTokens: number;
  completionTokens: number;
  /** The tokens of answers a model gave, the ones that cost. */
  pricedPromptTokens: number;
  pricedCompletionTokens: number;
}

/** The range asked for: the last DEFAULT_RANGE_DAYS days unless told, from before to, at most MAX_RANGE_DAYS long. */
export function usageRange(from: Date | null | undefined, to: Date | null | undefined, now = new Date()): { from: Date; to: Date } {
  const end = to ?? now;
  const start = from ?? new Date(end.getTime() - DEFAULT_RANGE_DAYS * DAY_MS);
  if (start > end) throw badInput({ from: "must not be after to" });
  if (end.getTime() - start.getTime() > MAX_RANGE_DAYS * DAY_MS) throw badInput({ from: `must be at most ${MAX_RANGE_DAYS} days before to` });
  return { from: start, to: end };
}

/** The currency's minor units per major unit: 100 for USD, 1 for JPY, 1000 for KWD. */
function minorUnitsOf(currency: string): number {
  return 10 ** (new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2);
}

/** The cost of these tokens at the prices, in minor units, rounded to the nearest (half up). */
function costCents(prices: TutorPrices, promptTokens: number, completionTokens: number): number {
  const minor = ((promptTokens * prices.promptPer1kTokens + completionTokens * prices.completionPer1kTokens) / 1000) * minorUnitsOf(prices.currency);
  // Binary fractions make 14.5 cents 14.499999999999998: 12 significant digits drop that noise first.
  return Math.round(Number(minor.toPrecision(12)));
}

/** Every UTC day the range touches, "YYYY-MM-DD", oldest first (`to` itself excluded). */
function daysOf(from: Date, to: Date): string[] {
  const days: string[] = [];
  const last = new Date(Math.max(from.getTime(), to.getTime() - 1));
  for (let day = Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate()); day <= last.getTime(); day += DAY_MS) {
    days.push(new Date(day).toISOString().slice(0, 10));
  }
  return days;
}

/** The course's answers from `from` (included) to `to` (excluded), summed three ways in one statement. */
function usageRows(context: Context, courseId: string, from: Date, to: Date): Promise<UsageRow[]> {
  return context.db.$queryRaw<UsageRow[]>`
    WITH answers AS (
      SELECT m.model, t.user_id,
        coalesce(m.prompt_tokens, 0)::float8 AS prompt, coalesce(m.completion_tokens, 0)::float8 AS completion,
        m.model IS DISTINCT FROM ${EXCERPTS_MODEL} AS priced,
        to_char(m.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS date
      FROM tutor_messages m JOIN tutor_threads t ON t.id = m.thread_id
      WHERE t.course_id = ${courseId}::uuid AND m.role = 'ASSISTANT' AND m.created_at >= ${from}::timestamptz AND m.created_at < ${to}::timestamptz
    )
    SELECT CASE GROUPING(model, date) WHEN 3 THEN 'total' WHEN 1 THEN 'model' ELSE 'day' END AS grouping,
      model, date, count(*)::int AS questions, count(DISTINCT user_id)::int AS askers,
      coalesce(sum(prompt), 0) AS "promptTokens", coalesce(sum(completion), 0) AS "completionTokens",
      coalesce(sum(prompt) FILTER (WHERE priced), 0) AS "pricedPromptTokens",
      coalesce(sum(completion) FILTER (WHERE priced), 0) AS "pricedCompletionTokens"
    FROM answers
    GROUP BY GROUPING SETS ((), (model), (date))`;
}

/**
 * The course's tutor usage over the range: NOT_FOUND when the viewer cannot see the course,
 * FORBIDDEN (NOT_COURSE_OWNER) unless they own it or are an admin; then the range is checked.
 */
export async function courseTutorUsage(
  context: Context,
  courseGlobalId: string,
  range: { from?: Date | null; to?: Date | null },
): Promise<CourseTutorUsageView> {
  const course = await findVisibleCourse(context, parseId(courseGlobalId, "Course", "courseId"));
  if (!course) throw notFound("Course");
  await authorize(context, coursePolicy.manage, course, "Only the course's owner or an admin may see its tutor's usage and cost.");
  const { from, to } = usageRange(range.from, range.to);
  const prices = context.config.tutor.prices;
  const rows = await usageRows(context, course.id, from, to);
  const cost = (row: UsageRow) => costCents(prices, row.pricedPromptTokens, row.pricedCompletionTokens);
  const figures = (row: UsageRow | undefined): Figures =>
    row
      ? { questions: row.questions, askers: row.askers, promptTokens: row.promptTokens, completionTokens: row.completionTokens, estimatedCostCents: cost(row) }
      : { questions: 0, askers: 0, promptTokens: 0, completionTokens: 0, estimatedCostCents: 0 };
  const byDay = new Map(rows.filter((row) => row.grouping === "day").map((row) => [row.date!, row]));
  const byModel = rows
    .filter((row) => row.grouping === "model")
    .map((row) => {
      const { askers: _askers, ...rest } = figures(row);
      return { ...rest, model: row.model, excerpts: row.model === EXCERPTS_MODEL };
    })
    .sort((a, b) => b.estimatedCostCents - a.estimatedCostCents || b.questions - a.questions);
  return {
    from,
    to,
    ...figures(rows.find((row) => row.grouping === "total")),
    currency: prices.currency,
    prices: { promptPer1kTokens: prices.promptPer1kTokens, completionPer1kTokens: prices.completionPer1kTokens },
    byModel,
    daily: daysOf(from, to).map((date) => ({ date, ...figures(byDay.get(date)) })),
  };
}
