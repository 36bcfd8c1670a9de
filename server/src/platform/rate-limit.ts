// Throttles built on rate-limiter-flexible: in memory by default, in Redis when REDIS_URL is set.
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from "rate-limiter-flexible";
import { rateLimited } from "./errors.ts";
import type { Logger } from "./logger.ts";
import { watchedRedis } from "./redis.ts";

export interface LimitOptions {
  /** Distinguishes this limit's counters from the others'. */
  name: string;
  points: number;
  durationSeconds: number;
}

export interface Limit {
  /** Counts one use; throws RATE_LIMITED when the limit is spent. */
  consume(key: string, points?: number): Promise<void>;
  /** Counts one use; answers whether it fitted in the limit, never throws RATE_LIMITED. */
  tryConsume(key: string): Promise<boolean>;
  /** Throws RATE_LIMITED, without counting, once `allowance` uses (by default the whole limit) are counted. */
  check(key: string, allowance?: number): Promise<void>;
  /** Whether the whole limit is used, without counting. */
  isSpent(key: string): Promise<boolean>;
  reset(key: string): Promise<void>;
}

export interface RateLimits {
  limit(options: LimitOptions): Limit;
  /** False while Redis (when used) is unreachable: each instance then counts on its own, in memory. */
  isReady(): boolean;
  close(): Promise<void>;
}

function toLimit(limiter: RateLimiterAbstract, points: number): Limit {
  const refuse = (error: unknown): never => {
    if (error instanceof RateLimiterRes) throw rateLimited(error.msBeforeNext / 1000);
    throw error;
  };
  return {
    consume: async (key, cost = 1) => {
      await limiter.consume(key, cost).catch(refuse);
    },
    tryConsume: (key) =>
      limiter.consume(key).then(
        () => true,
        (error: unknown) => (error instanceof RateLimiterRes ? false : Promise.reject(error)),
      ),
    check: async (key, allowance = points) => {
      const state = await limiter.get(key);
      if (state && state.consumedPoints >= allowance) throw rateLimited(state.msBeforeNext / 1000);
    },
    isSpent: async (key) => ((await limiter.get(key))?.consumedPoints ?? 0) >= points,
    reset: async (key) => {
      await limiter.delete(key);
    },
  };
}

export function createRateLimits(redisUrl: string | undefined, log: Logger): RateLimits {
  // Without an offline queue a limit answers at once while Redis is away: the insurance limiter (in memory) decides.
  const watched = redisUrl ? watchedRedis(redisUrl, "rate limits", log, { enableOfflineQueue: false, maxRetriesPerRequest: 1 }) : null;
  const redis = watched?.client ?? null;
  return {
    isReady: () => watched?.isReady() ?? true,
    limit({ name, points, durationSeconds }) {
      const options = { keyPrefix: `rl:${name}`, points, duration: durationSeconds };
      const limiter = redis
        ? new RateLimiterRedis({ ...options, storeClient: redis, insuranceLimiter: new RateLimiterMemory(options) })
        : new RateLimiterMemory(options);
      return toLimit(limiter, points);
    },
    close: async () => {
      redis?.disconnect();
    },
  };
}
