// Domain events with a transactional outbox: a service emits a typed event inside its transaction,
// which writes it to the domain_events table; once committed, a dispatcher in every server instance
// (woken by the table's NOTIFY trigger) delivers it to each listener registered for its name. Each
// (event, listener) delivery is claimed with FOR UPDATE SKIP LOCKED and recorded, so with many
// instances a listener gets an event once, and a process that dies mid-delivery frees its claim
// with its connection: nothing committed is lost (delivery is at least once; listeners use the
// delivery key to make their effect happen once).
import pg from "pg";
import { Prisma } from "../generated/prisma/client.ts";
import { coalescedRuns } from "./coalesced-runs.ts";
import { listenForDataChanges } from "./data-change-feed.ts";
import type { Database, Transaction } from "./db.ts";
import type { Logger } from "./logger.ts";

/**
 * Every module's events, by name (`<module>.<event>`) with their payloads (plain JSON). A module
 * adds its own in its `<module>.events.ts`:
 *
 *     declare module "../../platform/domain-events.ts" {
 *       interface DomainEvents { "media.uploadCompleted": { uploadId: string } }
 *     }
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface DomainEvents {}

export type DomainEventName = keyof DomainEvents & string;

export interface NewDomainEvent<Name extends DomainEventName> {
  name: Name;
  /**
   * What the event is about, e.g. `video:<id>`. A listener gets one aggregate's events in the order
   * they were committed, each only once the one before it is delivered or has failed for good.
   */
  aggregate: string;
  payload: DomainEvents[Name];
}

export interface DeliveredEvent<Name extends DomainEventName> extends NewDomainEvent<Name> {
  id: string;
  occurredAt: Date;
  /** Unique per event and listener: a delivery repeated after a crash carries the same key. */
  deliveryKey: string;
}

export type Listener<Name extends DomainEventName, Context> = (event: DeliveredEvent<Name>, context: Context) => Promise<void>;

/** A module's listeners, one per event name it reacts to. */
export type Listeners<Context> = { [Name in DomainEventName]?: Listener<Name, Context> };

export interface RegisteredListener<Context> {
  /** The delivery records' name for the listener (`<module>:<event name>`): keep it stable. */
  id: string;
  event: DomainEventName;
  handle: Listener<DomainEventName, Context>;
}

/** The channel the domain_events table's trigger notifies (see the domain_events migration). */
export const DOMAIN_EVENTS_CHANNEL = "domain_events";

/**
 * Writes the event to the outbox in the caller's transaction: it exists, and is delivered, only if
 * that transaction commits. Emitters of one aggregate wait for each other here until commit, so an
 * aggregate's events are numbered in the order they are committed.
 */
export async function emit<Name extends DomainEventName>(tx: Transaction, event: NewDomainEvent<Name>): Promise<void> {
  await tx.$executeRaw(outboxInsert(event));
}

/**
 * emit's insert, for a statement that is its own transaction (a data-modifying CTE: `WITH changed
 * AS (UPDATE ... RETURNING ...), event AS (${outboxInsert(event, Prisma.sql`SELECT 1 FROM changed`)})
 * SELECT ...`): a hot path's change and its event in one statement, no transaction around them.
 * The event is written only when `onlyIf` (a query) answers a row.
 */
export function outboxInsert<Name extends DomainEventName>(event: NewDomainEvent<Name>, onlyIf: Prisma.Sql = Prisma.sql`SELECT 1`): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO domain_events (name, aggregate, payload)
    SELECT ${event.name}, ${event.aggregate}, ${JSON.stringify(event.payload)}::jsonb
    FROM (SELECT pg_advisory_xact_lock(hashtext('domain-event-aggregate'), hashtext(${event.aggregate}))) AS aggregate_lock
    WHERE EXISTS (${onlyIf})`;
}

/** Whether an event of `name` whose payload contains `payload` waits for a listener (or a retry of one). */
export async function hasUndeliveredEvent<Name extends DomainEventName>(db: Database, name: Name, payload: Partial<DomainEvents[Name]>): Promise<boolean> {
  const found = await db.$queryRaw<unknown[]>`
    SELECT 1 FROM domain_events WHERE settled_at IS NULL AND name = ${name} AND payload @> ${JSON.stringify(payload)}::jsonb LIMIT 1`;
  return found.length > 0;
}

export interface DispatcherOptions<Context> {
  databaseUrl: string;
  log: Logger;
  listeners: readonly RegisteredListener<Context>[];
  /** What every listener receives beside the event (the platform). */
  context: Context;
  /** Attempts per listener and event, the first included. Default 5. */
  attempts?: number;
  /** The wait before the second attempt, doubled before each next one (at most 5 minutes). Default 2 s. */
  retryDelayMs?: number;
  /**
   * Looks for due deliveries this often without a notification: those a process that died had
   * claimed, and retries another instance scheduled. Default 30 s.
   */
  pollIntervalMs?: number;
  /** Settled events are deleted after this long. Default 7 days. */
  retentionDays?: number;
}

export interface DomainEventDispatcher {
  /** Delivers what is due now; a call during a run resolves after one more run. */
  deliverPending(): Promise<void>;
  /** Stops waking up and waits for the delivery under way; later calls wait for the same stop. */
  stop(): Promise<void>;
}

const BATCH_SIZE = 100;
const LONGEST_RETRY_DELAY_MS = 5 * 60_000;
const ERROR_MAX = 1_000;

/** A delivery of an aggregate's event waits while an earlier unsettled event of that aggregate is neither delivered to the listener nor failed. */
const EARLIER_EVENT_PENDING = `
  EXISTS (
    SELECT 1 FROM domain_events earlier
    LEFT JOIN domain_event_deliveries done ON done.event_id = earlier.id AND done.listener = l.listener
    WHERE earlier.aggregate = e.aggregate AND earlier.name = e.name AND earlier.id < e.id AND earlier.settled_at IS NULL
      AND done.delivered_at IS NULL AND done.failed_at IS NULL)`;

interface DueDelivery {
  id: string;
  name: DomainEventName;
  aggregate: string;
  payload: unknown;
  created_at: Date;
  listener: string;
}

export function startDomainEventDispatcher<Context>(options: DispatcherOptions<Context>): DomainEventDispatcher {
  const { databaseUrl, log, listeners, context } = options;
  const attempts = options.attempts ?? 5;
  const retryDelayMs = options.retryDelayMs ?? 2_000;
  const retentionDays = options.retentionDays ?? 7;
  const byId = new Map(listeners.map((listener) => [listener.id, listener]));
  const listenerIdsOf = (name: string) => listeners.filter((listener) => listener.event === name).map((listener) => listener.id);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2, application_name: "lms-domain-events" });
  pool.on("error", (error) => log.warn({ err: error }, "domain event connection lost"));
  const retryTimers = new Set<NodeJS.Timeout>();
  let stopped = false;
  let stopping: Promise<void> | undefined;

  async function deliverDue(): Promise<void> {
    if (stopped) return;
    // Events no listener of this version wants are settled at once.
    await pool.query(`UPDATE domain_events SET settled_at = now() WHERE settled_at IS NULL AND NOT (name = ANY($1::text[]))`, [
      [...new Set(listeners.map((listener) => listener.event))],
    ]);
    for (;;) {
      const due = await pool.query<DueDelivery>(
        `SELECT e.id::text AS id, e.name, e.aggregate, e.payload, e.created_at, l.listener
         FROM domain_events e
         JOIN unnest($1::text[], $2::text[]) AS l(name, listener) ON l.name = e.name
         LEFT JOIN domain_event_deliveries d ON d.event_id = e.id AND d.listener = l.listener
         WHERE e.settled_at IS NULL AND d.delivered_at IS NULL AND d.failed_at IS NULL
           AND (d.next_attempt_at IS NULL OR d.next_attempt_at <= now()) AND NOT ${EARLIER_EVENT_PENDING}
         ORDER BY e.id, l.listener
         LIMIT ${BATCH_SIZE}`,
        [listeners.map((listener) => listener.event), listeners.map((listener) => listener.id)],
      );
      if (due.rows.length === 0 || stopped) return;
      // A delivery may have made the next event of its aggregate due: look again until nothing is
      // left that this instance could claim (the rest is being delivered elsewhere, or not due).
      if ((await deliverBatch(due.rows)) === 0) return;
    }
  }

  /**
   * Claims the due deliveries this instance can, runs their listeners and records the outcomes,
   * all in one transaction, whose statements are as many for one delivery as for a hundred: a busy
   * event (a progress report every second per learner) costs its listener, not six statements
   * more each. Deliveries of a batch never share an aggregate and a listener (the later one is not
   * due until the earlier is settled), so their listeners run concurrently. Answers how many were claimed.
   */
  async function deliverBatch(due: DueDelivery[]): Promise<number> {
    const eventIds = due.map((delivery) => delivery.id);
    const listenerIds = due.map((delivery) => delivery.listener);
    // Inserted apart from the claim: a claim holding an uncommitted insert would make other instances wait for it.
    await pool.query(
      `INSERT INTO domain_event_deliveries (event_id, listener) SELECT * FROM unnest($1::bigint[], $2::text[]) ON CONFLICT DO NOTHING`,
      [eventIds, listenerIds],
    );
    const client = await pool.connect();
    // A connection lost while checked out fails the query under way; the error is reported there.
    const ignore = () => {};
    client.on("error", ignore);
    let claimedCount = 0;
    try {
      await client.query("BEGIN");
      const claimed = await client.query<{ id: string; listener: string; attempts: number }>(
        `SELECT d.event_id::text AS id, d.listener, d.attempts FROM domain_event_deliveries d
         JOIN domain_events e ON e.id = d.event_id
         JOIN unnest($1::bigint[], $2::text[]) AS l(event_id, listener) ON l.event_id = d.event_id AND l.listener = d.listener
         WHERE d.delivered_at IS NULL AND d.failed_at IS NULL AND d.next_attempt_at <= now() AND NOT ${EARLIER_EVENT_PENDING}
         FOR UPDATE OF d SKIP LOCKED`,
        [eventIds, listenerIds],
      );
      claimedCount = claimed.rows.length;
      const byKey = new Map(due.map((delivery) => [`${delivery.id}:${delivery.listener}`, delivery]));
      const outcomes = await Promise.all(
        claimed.rows.map(async ({ id, listener, attempts: before }) => {
          const delivery = byKey.get(`${id}:${listener}`)!;
          const attempt = before + 1;
          try {
            await byId.get(listener)!.handle(
              {
                id: delivery.id,
                name: delivery.name,
                aggregate: delivery.aggregate,
                payload: delivery.payload as DomainEvents[DomainEventName],
                occurredAt: delivery.created_at,
                deliveryKey: `${delivery.id}:${listener}`,
              },
              context,
            );
            return { delivery, attempt, error: undefined };
          } catch (error) {
            return { delivery, attempt, error: error ?? new Error("the listener failed") };
          }
        }),
      );
      const delivered = outcomes.filter((outcome) => outcome.error === undefined);
      if (delivered.length > 0) {
        await client.query(
          `UPDATE domain_event_deliveries d SET attempts = o.attempts, delivered_at = now()
           FROM unnest($1::bigint[], $2::text[], $3::int[]) AS o(event_id, listener, attempts)
           WHERE d.event_id = o.event_id AND d.listener = o.listener`,
          [delivered.map((o) => o.delivery.id), delivered.map((o) => o.delivery.listener), delivered.map((o) => o.attempt)],
        );
      }
      for (const { delivery, attempt, error } of outcomes) {
        if (error !== undefined) await recordFailure(client, delivery, attempt, error);
      }
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      throw error;
    } finally {
      client.off("error", ignore);
      client.release();
    }
    await settle(due);
    return claimedCount;
  }

  /** A failed attempt: retried later with backoff, or, after the last one, failed for good. */
  async function recordFailure(client: pg.PoolClient, delivery: DueDelivery, attempt: number, error: unknown): Promise<void> {
    const key = [delivery.id, delivery.listener];
    const reason = String(error).slice(0, ERROR_MAX);
    const logged = { err: error, eventId: delivery.id, event: delivery.name, listener: delivery.listener, attempt };
    if (attempt >= attempts) {
      log.error(logged, "domain event listener failed for good");
      await client.query(`UPDATE domain_event_deliveries SET attempts = $3, failed_at = now(), last_error = $4 WHERE event_id = $1 AND listener = $2`, [
        ...key,
        attempt,
        reason,
      ]);
      return;
    }
    const delayMs = Math.min(retryDelayMs * 2 ** (attempt - 1), LONGEST_RETRY_DELAY_MS);
    log.warn({ ...logged, retryInMs: delayMs }, "domain event listener failed; will retry");
    await client.query(
      `UPDATE domain_event_deliveries SET attempts = $3, last_error = $4, next_attempt_at = now() + make_interval(secs => $5)
       WHERE event_id = $1 AND listener = $2`,
      [...key, attempt, reason, delayMs / 1000],
    );
    retryAfter(delayMs);
  }

  /** Settles the batch's events whose every listener has delivered them or failed for good. */
  async function settle(batch: DueDelivery[]): Promise<void> {
    const events = [...new Map(batch.map((delivery) => [delivery.id, delivery.name])).entries()];
    const pairs = events.flatMap(([eventId, name]) => listenerIdsOf(name).map((listener) => [eventId, listener] as const));
    await pool.query(
      `UPDATE domain_events e SET settled_at = now() WHERE e.id = ANY($1::bigint[]) AND e.settled_at IS NULL AND NOT EXISTS (
         SELECT 1 FROM unnest($2::bigint[], $3::text[]) AS l(event_id, listener)
         LEFT JOIN domain_event_deliveries d ON d.event_id = l.event_id AND d.listener = l.listener
         WHERE l.event_id = e.id AND d.delivered_at IS NULL AND d.failed_at IS NULL)`,
      [events.map(([eventId]) => eventId), pairs.map(([eventId]) => eventId), pairs.map(([, listener]) => listener)],
    );
  }

  const deliverPending = coalescedRuns(() =>
    deliverDue().catch((error: unknown) => {
      if (!stopped) log.warn({ err: error }, "domain event delivery failed; will retry");
    }),
  );

  function retryAfter(delayMs: number) {
    const timer = setTimeout(() => {
      retryTimers.delete(timer);
      void deliverPending();
    }, delayMs);
    timer.unref();
    retryTimers.add(timer);
  }

  async function poll() {
    await pool.query(`DELETE FROM domain_events WHERE settled_at < now() - make_interval(days => $1)`, [retentionDays]).catch((error: unknown) => {
      if (!stopped) log.warn({ err: error }, "could not delete old domain events");
    });
    await deliverPending();
  }

  // Notified on every commit of events, and once connected (which covers what was missed meanwhile).
  const feed = listenForDataChanges(databaseUrl, log, { channel: DOMAIN_EVENTS_CHANNEL, onChange: () => void deliverPending() });
  const pollTimer = setInterval(() => void poll(), options.pollIntervalMs ?? 30_000);
  pollTimer.unref();

  return {
    deliverPending,
    stop() {
      stopping ??= (async () => {
        stopped = true;
        clearInterval(pollTimer);
        for (const timer of retryTimers) clearTimeout(timer);
        await feed.close();
        await deliverPending.idle();
        await pool.end();
      })();
      return stopping;
    },
  };
}
