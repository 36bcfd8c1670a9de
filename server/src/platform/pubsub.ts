// Events for subscriptions: in-process by default, Redis when REDIS_URL is set (many server instances).
import { createPubSub, type PubSub } from "@graphql-yoga/subscription";
import { createRedisEventTarget } from "@graphql-yoga/redis-event-target";
import { Redis } from "ioredis";

/** Topics are owned by the modules that publish them; payloads are plain JSON. */
export type EventBus = PubSub<Record<string, [unknown] | [string, unknown]>>;

export interface EventBusHandle {
  bus: EventBus;
  close(): Promise<void>;
}

export function createEventBus(redisUrl?: string): EventBusHandle {
  if (!redisUrl) return { bus: createPubSub() as EventBus, close: async () => {} };
  const publishClient = new Redis(redisUrl, { lazyConnect: false, maxRetriesPerRequest: 3 });
  const subscribeClient = new Redis(redisUrl, { lazyConnect: false, maxRetriesPerRequest: 3 });
  const eventTarget = createRedisEventTarget({ publishClient, subscribeClient });
  return {
    bus: createPubSub({ eventTarget }) as EventBus,
    close: async () => {
      publishClient.disconnect();
      subscribeClient.disconnect();
    },
  };
}
