// The player's analytics events on their way to the API, as progress reports go: each is first
// kept in localStorage, per learner, and leaves it only once the API has answered for it, so a
// lost connection, a closed tab or a crash loses nothing. Every event carries a client-made id
// the API counts once, so sending a batch again after a failure, or from the page-hide request
// and a delivery at once, is harmless.
import { persistedRequestBody } from "../apollo/persistedDocuments";
import { apolloClient } from "../apollo/client";
import { errorCodeOf } from "../apollo/apiErrors";
import { currentAccessToken } from "../auth/session";
import { TrackEventsDocument, type AnalyticsEventInput, type AnalyticsEventType } from "../gql/graphql";
import { userRecords } from "../storage/userRecords";

/** Events waiting this long are sent, however few. */
const BATCH_INTERVAL_MS = 10_000;
/** This many waiting events are sent at once, without waiting for the interval. */
const BATCH_SIZE = 50;
/** Events per call: the API takes up to 500; a queue that grew offline goes in several calls. */
const MAX_EVENTS_PER_CALL = 100;
/**
 * Events sent on page hide: keepalive requests may carry 64 kB in all, an event is about 300
 * bytes. The rest stays queued for the next visit.
 */
const MAX_EVENTS_BEFORE_LEAVING = 150;
/** A call the API refused as a whole for good (not a lost connection): its events are dropped. */
const FINAL_REFUSALS = new Set(["BAD_USER_INPUT", "FORBIDDEN", "NOT_FOUND"]);

type StoredEvent = AnalyticsEventInput & { clientEventId: string };

const eventsOnDevice = userRecords<StoredEvent>((userId) => `lms.analyticsEvents.${userId}`);

export interface PlayerEvent {
  type: AnalyticsEventType;
  courseId: string;
  videoId?: string;
  positionSeconds?: number;
  fromPositionSeconds?: number;
  playbackRate?: number;
}

let batchTimer: ReturnType<typeof setTimeout> | undefined;

/** Keeps the event until the API has answered for it, and sends it with the next batch. */
export function trackEvent(userId: string, event: PlayerEvent): void {
  const stored: StoredEvent = { ...event, clientEventId: crypto.randomUUID(), occurredAt: new Date().toISOString() };
  const queue = eventsOnDevice.read(userId);
  queue[stored.clientEventId] = stored;
  eventsOnDevice.write(userId, queue);
  // The timer also covers events that come while a delivery is on its way, which it does not carry.
  scheduleDelivery(userId);
  if (Object.keys(queue).length >= BATCH_SIZE) void deliverAnalyticsEvents(userId);
}

function scheduleDelivery(userId: string): void {
  if (batchTimer !== undefined) return;
  batchTimer = setTimeout(() => {
    batchTimer = undefined;
    void deliverAnalyticsEvents(userId);
  }, BATCH_INTERVAL_MS);
}

function forget(userId: string, ids: readonly string[]): void {
  const queue = eventsOnDevice.read(userId);
  for (const id of ids) delete queue[id];
  eventsOnDevice.write(userId, queue);
}

let delivering: Promise<void> | null = null;

/**
 * Sends the learner's waiting events, one delivery at a time. A failed call keeps its events and
 * tries again after the interval (and when the connection comes back).
 */
export function deliverAnalyticsEvents(userId: string): Promise<void> {
  if (delivering) return delivering;
  delivering = sendQueue(userId).finally(() => {
    delivering = null;
  });
  return delivering;
}

async function sendQueue(userId: string): Promise<void> {
  const waiting = Object.values(eventsOnDevice.read(userId));
  for (let start = 0; start < waiting.length; start += MAX_EVENTS_PER_CALL) {
    const events = waiting.slice(start, start + MAX_EVENTS_PER_CALL);
    try {
      // The API answers for every event: accepted, counted before, or rejected for good.
      await apolloClient.mutate({ mutation: TrackEventsDocument, variables: { events } });
      forget(userId, events.map((event) => event.clientEventId));
    } catch (error) {
      const code = errorCodeOf(error);
      if (code && FINAL_REFUSALS.has(code)) {
        forget(userId, events.map((event) => event.clientEventId));
        continue;
      }
      scheduleDelivery(userId);
      return;
    }
  }
}

/**
 * For a page being hidden or closed: the waiting events as `keepalive` requests, which the browser
 * completes after the page is gone. They stay queued until an answer is read, since it may never be.
 */
export function sendAnalyticsEventsBeforeLeaving(userId: string): void {
  const token = currentAccessToken();
  const waiting = Object.values(eventsOnDevice.read(userId)).slice(0, MAX_EVENTS_BEFORE_LEAVING);
  for (let start = 0; start < waiting.length; start += MAX_EVENTS_PER_CALL) {
    const events = waiting.slice(start, start + MAX_EVENTS_PER_CALL);
    void fetch("/graphql", {
      method: "POST",
      keepalive: true,
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: persistedRequestBody(TrackEventsDocument, { events }),
    })
      .then(async (response) => {
        const body = (await response.json()) as { errors?: unknown[] };
        if (response.ok && !body.errors?.length) forget(userId, events.map((event) => event.clientEventId));
      })
      .catch(() => {});
  }
}
