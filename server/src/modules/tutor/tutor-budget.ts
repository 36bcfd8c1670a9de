// Each learner's tutor budget: tokens per UTC day and questions in any 60 seconds, in one row of
// tutor_usage. A question first reserves what it may cost with one conditional upsert (the row's
// lock serializes concurrent questions, so together they cannot pass a limit), then settles to
// what it cost (with the answer's storage, see tutor.service.ts), or releases the reservation
// when the model failed. The clock is the database's.
import { Prisma } from "../../generated/prisma/client.ts";
import type { Context } from "../../platform/context.ts";
import { rateLimited } from "../../platform/errors.ts";

export interface UsageView {
  tokensUsedToday: number;
  dailyTokenLimit: number;
  requestsLastMinute: number;
  requestsPerMinuteLimit: number;
  resetsAt: Date;
}

export interface Reservation {
  userId: string;
  /** The UTC day the tokens were counted on, "YYYY-MM-DD". */
  day: string;
  tokens: number;
}

/** tutor_usage's figures as of the database's now (USAGE_FIGURES). */
export interface UsageFigures {
  tokensUsedToday: number;
  requestsLastMinute: number;
  /** When the oldest question of the last 60 seconds was asked: the window has room again 60 s later. */
  oldestRecentRequest: Date | null;
  now: Date;
}

const MINUTE_MS = 60_000;
const nextUtcMidnight = (at: Date) => new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate() + 1));

/** The figures of a tutor_usage row, for a SELECT or a RETURNING clause. */
export const USAGE_FIGURES = Prisma.sql`
  CASE WHEN day = (now() AT TIME ZONE 'UTC')::date THEN tokens_used ELSE 0 END AS "tokensUsedToday",
  (SELECT count(*)::int FROM unnest(recent_requests) AS r(at) WHERE r.at > now() - interval '1 minute') AS "requestsLastMinute",
  (SELECT min(r.at) FROM unnest(recent_requests) AS r(at) WHERE r.at > now() - interval '1 minute') AS "oldestRecentRequest",
  now() AS now`;

export function usageView(context: Context, figures: UsageFigures | null | undefined): UsageView {
  const { dailyTokens, requestsPerMinute } = context.config.tutor;
  const now = figures?.now ?? new Date();
  return {
    tokensUsedToday: figures?.tokensUsedToday ?? 0,
    dailyTokenLimit: dailyTokens,
    requestsLastMinute: figures?.requestsLastMinute ?? 0,
    requestsPerMinuteLimit: requestsPerMinute,
    resetsAt: nextUtcMidnight(now),
  };
}

async function usageFigures(context: Context, userId: string): Promise<UsageFigures | null> {
  const [row] = await context.db.$queryRaw<UsageFigures[]>`SELECT ${USAGE_FIGURES} FROM tutor_usage WHERE user_id = ${userId}::uuid`;
  return row ?? null;
}

export async function usageOf(context: Context, userId: string): Promise<UsageView> {
  return usageView(context, await usageFigures(context, userId));
}

/**
 * Reserves `tokens` and one request for the user, or throws RATE_LIMITED (with retryAfterSeconds)
 * writing nothing. The day is the database's UTC day; the minute is the last 60 seconds.
 */
export async function reserve(context: Context, userId: string, tokens: number): Promise<Reservation> {
  const { dailyTokens, requestsPerMinute } = context.config.tutor;
  const [reserved] = await context.db.$queryRaw<{ day: string }[]>`
    WITH asked AS (SELECT (now() AT TIME ZONE 'UTC')::date AS day, now() AS at)
    INSERT INTO tutor_usage AS u (user_id, day, tokens_used, recent_requests)
    SELECT ${userId}::uuid, asked.day, ${tokens}::int, ARRAY[asked.at] FROM asked
    WHERE ${tokens}::int <= ${dailyTokens}::int AND 1 <= ${requestsPerMinute}::int
    ON CONFLICT (user_id) DO UPDATE SET
      tokens_used = CASE WHEN u.day = EXCLUDED.day THEN u.tokens_used ELSE 0 END + EXCLUDED.tokens_used,
      day = EXCLUDED.day,
      recent_requests = ARRAY(SELECT r.at FROM unnest(u.recent_requests) AS r(at) WHERE r.at > now() - interval '1 minute' ORDER BY r.at) || EXCLUDED.recent_requests
    WHERE CASE WHEN u.day = EXCLUDED.day THEN u.tokens_used ELSE 0 END + EXCLUDED.tokens_used <= ${dailyTokens}::int
      AND (SELECT count(*) FROM unnest(u.recent_requests) AS r(at) WHERE r.at > now() - interval '1 minute') + 1 <= ${requestsPerMinute}::int
    RETURNING to_char(u.day, 'YYYY-MM-DD') AS day`;
  if (reserved) return { userId, day: reserved.day, tokens };
  const figures = await usageFigures(context, userId);
  const usage = usageView(context, figures);
  if (figures?.oldestRecentRequest && usage.requestsLastMinute + 1 > requestsPerMinute) {
    const retryAfter = (figures.oldestRecentRequest.getTime() + MINUTE_MS - figures.now.getTime()) / 1000;
    throw rateLimited(retryAfter, `At most ${requestsPerMinute} questions a minute: try again shortly.`, "TUTOR_TOO_MANY_REQUESTS");
  }
  throw rateLimited(
    (usage.resetsAt.getTime() - (figures?.now ?? new Date()).getTime()) / 1000,
    `Your tutor budget for today (${dailyTokens} tokens) is spent: it resets at midnight UTC.`,
    "TUTOR_DAILY_TOKENS_SPENT",
  );
}

/**
 * The update that replaces the reservation by what the question cost (0: released), answering
 * the usage it leaves: a statement of its own, or a CTE of the statement storing the answer. A
 * reservation of a past day is left to that day (no row answered).
 */
export function settleSql(reservation: Reservation, usedTokens: number): Prisma.Sql {
  return Prisma.sql`
    UPDATE tutor_usage SET tokens_used = greatest(0, tokens_used - ${reservation.tokens}::int + ${usedTokens}::int)
    WHERE user_id = ${reservation.userId}::uuid AND day = ${reservation.day}::date
    RETURNING ${USAGE_FIGURES}`;
}

export async function release(context: Context, reservation: Reservation): Promise<void> {
  await context.db.$executeRaw(settleSql(reservation, 0));
}
