// Each learner's tutor budget: tokens per UTC day and questions per minute, in one row of
// tutor_usage. A question first reserves what it may cost with one conditional upsert (the row's
// lock serializes concurrent questions, so together they cannot pass a limit), then settles to
// what it cost, or releases the reservation when the model failed.
import type { Context } from "../../platform/context.ts";
import type { Database } from "../../platform/db.ts";
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

interface UsageRow {
  day: string;
  tokensUsed: number;
  windowStart: Date;
  windowRequests: number;
}

const utcDay = (at: Date) => at.toISOString().slice(0, 10);
const nextUtcMidnight = (at: Date) => new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate() + 1));
const minuteStart = (at: Date) => new Date(Math.floor(at.getTime() / 60_000) * 60_000);

async function usageRow(db: Database, userId: string): Promise<UsageRow | null> {
  const [row] = await db.$queryRaw<UsageRow[]>`
    SELECT to_char(day, 'YYYY-MM-DD') AS day, tokens_used AS "tokensUsed", window_start AS "windowStart", window_requests AS "windowRequests"
    FROM tutor_usage WHERE user_id = ${userId}::uuid`;
  return row ?? null;
}

function viewOf(context: Context, row: UsageRow | null, now: Date): UsageView {
  const { dailyTokens, requestsPerMinute } = context.config.tutor;
  return {
    tokensUsedToday: row && row.day === utcDay(now) ? row.tokensUsed : 0,
    dailyTokenLimit: dailyTokens,
    requestsLastMinute: row && row.windowStart.getTime() === minuteStart(now).getTime() ? row.windowRequests : 0,
    requestsPerMinuteLimit: requestsPerMinute,
    resetsAt: nextUtcMidnight(now),
  };
}

export async function usageOf(context: Context, userId: string): Promise<UsageView> {
  return viewOf(context, await usageRow(context.db, userId), new Date());
}

/**
 * Reserves `tokens` and one request for the user, or throws RATE_LIMITED (with retryAfterSeconds)
 * writing nothing. The day and the minute are the database's, as the limits' windows.
 */
export async function reserve(context: Context, userId: string, tokens: number): Promise<Reservation> {
  const { dailyTokens, requestsPerMinute } = context.config.tutor;
  const [reserved] = await context.db.$queryRaw<{ day: string }[]>`
    WITH now AS (SELECT (now() AT TIME ZONE 'UTC')::date AS day, date_trunc('minute', now()) AS minute)
    INSERT INTO tutor_usage AS u (user_id, day, tokens_used, window_start, window_requests)
    SELECT ${userId}::uuid, now.day, ${tokens}::int, now.minute, 1 FROM now
    WHERE ${tokens}::int <= ${dailyTokens}::int
    ON CONFLICT (user_id) DO UPDATE SET
      tokens_used = CASE WHEN u.day = EXCLUDED.day THEN u.tokens_used ELSE 0 END + EXCLUDED.tokens_used,
      day = EXCLUDED.day,
      window_requests = CASE WHEN u.window_start = EXCLUDED.window_start THEN u.window_requests ELSE 0 END + 1,
      window_start = EXCLUDED.window_start
    WHERE CASE WHEN u.day = EXCLUDED.day THEN u.tokens_used ELSE 0 END + EXCLUDED.tokens_used <= ${dailyTokens}::int
      AND CASE WHEN u.window_start = EXCLUDED.window_start THEN u.window_requests ELSE 0 END + 1 <= ${requestsPerMinute}::int
    RETURNING to_char(u.day, 'YYYY-MM-DD') AS day`;
  if (reserved) return { userId, day: reserved.day, tokens };
  const now = new Date();
  const usage = viewOf(context, await usageRow(context.db, userId), now);
  if (usage.requestsLastMinute + 1 > requestsPerMinute) {
    const retryAfter = (minuteStart(now).getTime() + 60_000 - now.getTime()) / 1000;
    throw rateLimited(retryAfter, `At most ${requestsPerMinute} questions a minute: try again shortly.`, "TUTOR_TOO_MANY_REQUESTS");
  }
  throw rateLimited(
    (usage.resetsAt.getTime() - now.getTime()) / 1000,
    `Your tutor budget for today (${dailyTokens} tokens) is spent: it resets at midnight UTC.`,
    "TUTOR_DAILY_TOKENS_SPENT",
  );
}

/**
 * Replaces the reservation by what the question cost (0: released), and answers the usage it
 * leaves. A reservation of a past day is left to that day.
 */
export async function settle(context: Context, reservation: Reservation, usedTokens: number): Promise<UsageView> {
  const [row] = await context.db.$queryRaw<UsageRow[]>`
    UPDATE tutor_usage SET tokens_used = greatest(0, tokens_used - ${reservation.tokens}::int + ${usedTokens}::int)
    WHERE user_id = ${reservation.userId}::uuid AND day = ${reservation.day}::date
    RETURNING to_char(day, 'YYYY-MM-DD') AS day, tokens_used AS "tokensUsed", window_start AS "windowStart", window_requests AS "windowRequests"`;
  return row ? viewOf(context, row, new Date()) : usageOf(context, reservation.userId);
}
