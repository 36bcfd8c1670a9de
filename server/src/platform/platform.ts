// The shared services every module receives, built once per process by the composition root.
import type { Config } from "./config.ts";
import type { Database } from "./db.ts";
import type { Logger } from "./logger.ts";
import type { Mailer } from "./mail.ts";
import type { NodeFetcher } from "./node.ts";
import type { EventBus } from "./pubsub.ts";
import type { RateLimits } from "./rate-limit.ts";

export interface Platform {
  config: Config;
  db: Database;
  log: Logger;
  events: EventBus;
  mailer: Mailer;
  rateLimits: RateLimits;
  /** Query.node's loaders, by GraphQL type name. */
  nodes: ReadonlyMap<string, NodeFetcher>;
}
