// Events for subscriptions: in-process by default, Redis when REDIS_URL is set (many server instances).
import { createPubSub, type PubSub } from "@graphql-yoga/subscription";
import { createRedisEventTarget } from "@graphql-yoga/redis-event-target";
import type { Logger } from "./logger.ts";
import { watchedRedis } from "./redis.ts";

/** Topics are owned by the modules that publish them; payloads are plain JSON. */
export type EventBus = PubSub<Record<string, [unknown] | [string, unknown]>>;

export interface EventBusHandle {
  bus: EventBus;
  /** False while Redis (when used) is unreachable: events published meanwhile reach this instance's subscribers only. */
  isReady(): boolean;
  close(): Promise<void>;
}

export function createEventBus(redisUrl: string | undefined, log: Logger): EventBusHandle {
  if (!redisUrl) return { bus: createPubSub() as EventBus, isReady: () => true, close: async () => {} };
  const publisher = watchedRedis(redisUrl, "pub/sub events", log, { maxRetriesPerRequest: 3 });
  const subscriber = watchedRedis(redisUrl, "pub/sub subscriptions", log, { maxRetriesPerRequest: 3 });
  const eventTarget = createRedisEventTarget({ publishClient: publisher.client, subscribeClient: subscriber.client });
  return {
    bus: createPubSub({ eventTarget }) as EventBus,
    isReady: () => publisher.isReady() && subscriber.isReady(),
    close: async () => {
      publisher.client.disconnect();
      subscriber.client.disconnect();
    },
  };
}
