// Redis going away for a few seconds: the server says so in its log and readiness, and once Redis
// is back its subscriptions across instances work again by themselves. Instance C reaches Redis
// through a proxy this test cuts; instance A reaches it directly.
import net from "node:net";
import { Writable } from "node:stream";
import { startTestServer, type TestServer, UNTHROTTLED } from "./support/test-server.ts";
import { waitUntil } from "./support/wait.ts";

jest.setTimeout(120_000);

const REDIS = new URL(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");

/** A TCP proxy to Redis that can be cut (every connection closed, new ones refused) and restored. */
async function redisProxy(): Promise<{ url: string; cut(): void; restore(): void; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  let open = true;
  const server = net.createServer((client) => {
    if (!open) {
      client.destroy();
      return;
    }
    const upstream = net.connect(Number(REDIS.port || 6379), REDIS.hostname);
    sockets.add(client).add(upstream);
    client.pipe(upstream).pipe(client);
    const closeBoth = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on("error", closeBoth).on("close", closeBoth);
    upstream.on("error", closeBoth).on("close", closeBoth);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `redis://127.0.0.1:${port}`,
    cut() {
      open = false;
      for (const socket of sockets) socket.destroy();
    },
    restore() {
      open = true;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

let proxy: Awaited<ReturnType<typeof redisProxy>>;
let a: TestServer;
let c: TestServer;
const logLines: string[] = [];

beforeAll(async () => {
  proxy = await redisProxy();
  a = await startTestServer({ ...UNTHROTTLED, REDIS_URL: REDIS.href });
  const log = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
      done();
    },
  });
  c = await startTestServer({ ...UNTHROTTLED, REDIS_URL: proxy.url, LOG_LEVEL: "info" }, { besides: a, logTo: log });
});
afterAll(async () => {
  await c?.close();
  await a?.close();
  await proxy?.close();
});

const readiness = async (server: TestServer) => {
  const response = await fetch(`${server.url}/readyz`);
  return { status: response.status, body: await response.json() };
};

/** A server's event bus, on a topic no module uses. */
type TestTopics = { subscribe(topic: string): AsyncIterable<unknown>; publish(topic: string, payload: unknown): void };
const busOf = (server: TestServer) => server.app.platform.events as unknown as TestTopics;

/** Whether an event published on A reaches a subscriber on C (through Redis) within a few seconds. */
async function crossesFromAToC(topic: string): Promise<boolean> {
  const events = busOf(c).subscribe(topic)[Symbol.asyncIterator]();
  const heard = events.next();
  try {
    for (let attempt = 0; attempt < 20; attempt += 1) {
      busOf(a).publish(topic, { attempt });
      const outcome = await Promise.race([heard.then(() => true), new Promise<false>((resolve) => setTimeout(() => resolve(false), 250))]);
      if (outcome) return true;
    }
    return false;
  } finally {
    await events.return?.();
  }
}

it("is not ready while Redis is away, says so once, and carries events across instances again once it is back", async () => {
  expect(await readiness(c)).toEqual({ status: 200, body: { status: "ready" } });
  expect(await crossesFromAToC("redis-outage:before")).toBe(true);

  proxy.cut();
  await waitUntil("C to be unready", async () => (await readiness(c)).status === 503);
  expect((await readiness(c)).body).toEqual({ status: "unavailable", reason: "redis unreachable" });
  // Requests are still answered meanwhile: limits fall back to each instance's memory.
  const answered = await c.graphql(`{ __typename }`);
  expect(answered.data).toEqual({ __typename: "Query" });
  // Ready again needs Redis: give the reconnect attempts time to fail a few times.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  expect((await readiness(c)).status).toBe(503);

  proxy.restore();
  await waitUntil("C to be ready again", async () => (await readiness(c)).status === 200, 30_000);
  expect(await crossesFromAToC("redis-outage:after")).toBe(true);

  const unreachable = logLines.filter((line) => line.includes("Redis unreachable"));
  const back = logLines.filter((line) => line.includes("Redis reachable again"));
  // One line per connection (pub/sub events, pub/sub subscriptions, rate limits), not one per retry.
  expect(unreachable.length).toBeGreaterThanOrEqual(1);
  expect(unreachable.length).toBeLessThanOrEqual(3);
  expect(back.length).toBe(unreachable.length);
  for (const line of unreachable) expect(JSON.parse(line)).toMatchObject({ level: 40, redis: expect.any(String) });
});
