// The domain-event outbox against a real database: dispatchers stand for server instances (each
// with its own connections), started, stopped and cut off as processes would be.
import pg from "pg";
import { createTestDatabase } from "../../test/support/test-database.ts";
import { waitUntil } from "../../test/support/wait.ts";
import { createDatabase, type Database } from "./db.ts";
import { emit, startDomainEventDispatcher, type DeliveredEvent, type DispatcherOptions, type DomainEventDispatcher, type RegisteredListener } from "./domain-events.ts";
import { createLogger } from "./logger.ts";

declare module "./domain-events.ts" {
  interface DomainEvents {
    "test.happened": { n: number };
  }
}

type Received = DeliveredEvent<"test.happened"> & { by: string };

let database: { url: string; drop(): Promise<void> };
let db: Database;
const dispatchers: DomainEventDispatcher[] = [];
beforeAll(async () => {
  database = await createTestDatabase();
  db = createDatabase({ url: database.url, poolSize: 4 });
});
afterEach(async () => {
  await Promise.all(dispatchers.splice(0).map((dispatcher) => dispatcher.stop()));
  await db.domainEvent.deleteMany();
});
afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

function dispatcher(listeners: RegisteredListener<string>[], options: Partial<DispatcherOptions<string>> = {}, name = "instance"): DomainEventDispatcher {
  const started = startDomainEventDispatcher({ databaseUrl: database.url, log: createLogger("silent"), listeners, context: name, retryDelayMs: 20, ...options });
  dispatchers.push(started);
  return started;
}

/** A listener that records what it received, and by which dispatcher. */
function recorder(id: string, received: Received[], before: (event: Received) => Promise<void> = async () => {}): RegisteredListener<string> {
  return {
    id,
    event: "test.happened",
    handle: async (event, by) => {
      await before({ ...(event as Received), by });
      received.push({ ...(event as Received), by });
    },
  };
}

async function happen(n: number, aggregate = "thing:1"): Promise<void> {
  await db.$transaction((tx) => emit(tx, { name: "test.happened", aggregate, payload: { n } }));
}

const deliveries = (listener: string) => db.domainEventDelivery.findMany({ where: { listener }, orderBy: { eventId: "asc" } });
const allSettled = async () => (await db.domainEvent.count({ where: { settledAt: null } })) === 0;

it("delivers an event committed while no dispatcher ran, once, and never one whose transaction rolled back", async () => {
  await happen(1);
  await db
    .$transaction(async (tx) => {
      await emit(tx, { name: "test.happened", aggregate: "thing:1", payload: { n: 2 } });
      throw new Error("changed my mind");
    })
    .catch(() => undefined);
  const received: Received[] = [];
  const started = dispatcher([recorder("test:counter", received)]);
  await waitUntil("the event's delivery", allSettled);
  await started.deliverPending();
  await dispatcher([recorder("test:counter", received)], {}, "restarted").deliverPending();

  expect(received.map((event) => event.payload)).toEqual([{ n: 1 }]);
  expect(received[0]).toMatchObject({ name: "test.happened", aggregate: "thing:1", deliveryKey: `${received[0]!.id}:test:counter` });
  expect(await deliveries("test:counter")).toEqual([expect.objectContaining({ attempts: 1, deliveredAt: expect.any(Date), failedAt: null })]);
});

it("delivers again, once, an event whose delivery was cut off by its process's end", async () => {
  let cutOff!: (error: Error) => void;
  let reached!: () => void;
  const firstAttemptReached = new Promise<void>((resolve) => (reached = resolve));
  const neverDone: Received[] = [];
  dispatcher([
    recorder("test:counter", neverDone, () => {
      reached();
      return new Promise<void>((_resolve, reject) => (cutOff = reject));
    }),
  ]);
  await happen(1);
  await firstAttemptReached;
  // The process "dies": PostgreSQL ends its connections, and with them its claim on the delivery.
  const admin = new pg.Client({ connectionString: database.url });
  await admin.connect();
  await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'lms-domain-events' AND datname = current_database()");
  await admin.end();

  const received: Received[] = [];
  dispatcher([recorder("test:counter", received)], {}, "next instance");
  await waitUntil("the delivery by the next instance", allSettled);
  cutOff(new Error("the process is gone"));

  expect(neverDone).toEqual([]);
  expect(received.map((event) => [event.payload, event.by])).toEqual([[{ n: 1 }, "next instance"]]);
  expect(await deliveries("test:counter")).toEqual([expect.objectContaining({ attempts: 1, deliveredAt: expect.any(Date) })]);
});

it("retries a failing listener with backoff, then records it failed with the reason, while the event's other listener gets it", async () => {
  const tried: Received[] = [];
  const received: Received[] = [];
  dispatcher(
    [
      recorder("test:failing", tried, async (event) => {
        tried.push(event);
        throw new Error("the partner's API is down");
      }),
      recorder("test:counter", received),
    ],
    { attempts: 3 },
  );
  await happen(1);
  await waitUntil("the failing listener's last attempt", allSettled);

  expect(tried).toHaveLength(3);
  expect(received.map((event) => event.payload)).toEqual([{ n: 1 }]);
  const [failed] = await deliveries("test:failing");
  expect(failed).toMatchObject({ attempts: 3, deliveredAt: null, failedAt: expect.any(Date), lastError: "Error: the partner's API is down" });
});

it("delivers each event once per listener across two instances, one aggregate's events in commit order even through a retry", async () => {
  const received: Received[] = [];
  const failedOnce = new Set<string>();
  const listeners = (received: Received[]) => [
    recorder("test:ordered", received, async (event) => {
      // Every fifth event fails its first attempt: the events after it in its aggregate must wait.
      const which = `${event.aggregate}/${event.payload.n}`;
      if (event.payload.n % 5 === 0 && !failedOnce.has(which)) {
        failedOnce.add(which);
        throw new Error("try again");
      }
      await new Promise((resolve) => setTimeout(resolve, event.payload.n % 3));
    }),
  ];
  dispatcher(listeners(received), {}, "first");
  dispatcher(listeners(received), {}, "second");
  const aggregates = ["course:a", "course:b", "course:c"];
  // Concurrent writers; within an aggregate, emit() orders them.
  await Promise.all(aggregates.map(async (aggregate) => {
    for (let n = 1; n <= 12; n += 1) await happen(n, aggregate);
  }));
  await waitUntil("every delivery", allSettled, 30_000);

  expect(received).toHaveLength(36);
  for (const aggregate of aggregates) {
    expect(received.filter((event) => event.aggregate === aggregate).map((event) => event.payload.n)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  }
  expect(new Set(received.map((event) => event.id)).size).toBe(36);
  expect(failedOnce.size).toBe(6);
});
