// Redis connections (REDIS_URL: pub/sub across instances, shared rate limits). ioredis reconnects
// by itself and subscribes again to every channel; what this adds is that the server says so: one
// log line when a connection is lost, one when it is back, and readiness false meanwhile.
import { Redis, type RedisOptions } from "ioredis";
import type { Logger } from "./logger.ts";

export interface WatchedRedis {
  client: Redis;
  /** Connected and usable. */
  isReady(): boolean;
}

/** A Redis client named `purpose` in the log ("pub/sub events", "rate limits"). */
export function watchedRedis(url: string, purpose: string, log: Logger, options: RedisOptions = {}): WatchedRedis {
  const client = new Redis(url, options);
  let lost = false;
  client.on("error", (error: Error) => {
    if (lost) return;
    lost = true;
    log.warn({ redis: purpose, reason: error.message }, `Redis unreachable (${purpose}); reconnecting, the server is not ready meanwhile`);
  });
  client.on("ready", () => {
    if (!lost) return;
    lost = false;
    log.info({ redis: purpose }, `Redis reachable again (${purpose})`);
  });
  return { client, isReady: () => client.status === "ready" };
}
