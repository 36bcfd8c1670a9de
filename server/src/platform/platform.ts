// The shared services every module receives, built once per process by the composition root.
import type { Config } from "./config.ts";
import type { Database } from "./db.ts";
import type { Jobs } from "./jobs.ts";
import type { Logger } from "./logger.ts";
import type { Mailer } from "./mail.ts";
import type { NodeFetcher } from "./node.ts";
import type { Extensions } from "./extension-points.ts";
import type { EventBus } from "./pubsub.ts";
import type { RateLimits } from "./rate-limit.ts";
import type { ObjectStorage } from "./storage/storage.ts";

export interface Platform {
  config: Config;
  db: Database;
  log: Logger;
  events: EventBus;
  mailer: Mailer;
  rateLimits: RateLimits;
  /** Where video files live: a local folder or an S3-compatible store. */
  storage: ObjectStorage;
  jobs: Jobs;
  /** Query.node's loaders, by GraphQL type name. */
  nodes: ReadonlyMap<string, NodeFetcher>;
  /** What later modules answered to the extension points of earlier ones. */
  extensions: Extensions;
}
