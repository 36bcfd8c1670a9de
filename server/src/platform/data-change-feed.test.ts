// The data change feed counts only on notifications it can hear: through a connection that
// swallows them (as a transaction-mode pooler does), it stays off.
import net from "node:net";
import pg from "pg";
import { TEST_ENV } from "../../test/support/test-env.ts";
import { holdsWithin } from "../../test/support/wait.ts";
import { listenForDataChanges, PUBLIC_DATA_CHANNEL, type DataChangeFeed } from "./data-change-feed.ts";
import { createLogger } from "./logger.ts";

const NOTIFICATION_RESPONSE = 0x41; // 'A' in PostgreSQL's wire protocol

/** A TCP proxy to the database that forwards every server message (but notifications, if deaf), and can cut its connections. */
async function proxyTo(target: URL, { deaf }: { deaf: boolean }): Promise<{ url: string; cut(): void; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    sockets.add(client).add(upstream);
    client.pipe(upstream);
    let pending = Buffer.alloc(0);
    upstream.on("data", (chunk) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 5) {
        const length = 1 + pending.readUInt32BE(1);
        if (pending.length < length) break;
        if (!deaf || pending[0] !== NOTIFICATION_RESPONSE) client.write(pending.subarray(0, length));
        pending = pending.subarray(length);
      }
    });
    const closeBoth = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on("close", closeBoth).on("error", closeBoth);
    upstream.on("close", closeBoth).on("error", closeBoth);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const proxied = new URL(target);
  proxied.hostname = "127.0.0.1";
  proxied.port = String((server.address() as net.AddressInfo).port);
  const cut = () => {
    for (const socket of sockets) socket.destroy();
    sockets.clear();
  };
  return {
    url: proxied.toString(),
    cut,
    close: async () => {
      cut();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const log = createLogger("silent");
const databaseUrl = () => process.env[TEST_ENV.adminUrl]!;
let feeds: DataChangeFeed[] = [];
afterEach(async () => {
  await Promise.all(feeds.map((feed) => feed.close()));
  feeds = [];
});

it("goes live once it hears its own test notification, and counts every notification after", async () => {
  const feed = listenForDataChanges(databaseUrl(), log, { probeTimeoutMs: 2_000 });
  feeds.push(feed);
  expect(await holdsWithin(3_000, () => feed.live)).toBe(true);
  const before = feed.revision;
  const notifier = listenForDataChanges(databaseUrl(), log, { probeTimeoutMs: 2_000 });
  feeds.push(notifier);
  // The second feed's own probe is a notification on the channel too.
  expect(await holdsWithin(3_000, () => feed.revision > before)).toBe(true);
  expect(PUBLIC_DATA_CHANNEL).toBe("public_data_changed");
});

it("stays off through a connection that swallows notifications", async () => {
  const proxy = await proxyTo(new URL(databaseUrl()), { deaf: true });
  try {
    // Queries pass through the proxy; only notifications are lost.
    const direct = new pg.Client({ connectionString: proxy.url });
    await direct.connect();
    expect((await direct.query("SELECT 41 + 1 AS answer")).rows).toEqual([{ answer: 42 }]);
    await direct.end();
    const feed = listenForDataChanges(proxy.url, log, { probeTimeoutMs: 300 });
    feeds.push(feed);
    expect(await holdsWithin(1_500, () => feed.live)).toBe(false);
  } finally {
    await proxy.close();
  }
});

it("tells what each notification said since a revision, and that anything may have changed across a reconnection", async () => {
  const channel = "data_change_feed_test";
  const proxy = await proxyTo(new URL(databaseUrl()), { deaf: false });
  const notifier = new pg.Client({ connectionString: databaseUrl() });
  await notifier.connect();
  try {
    const feed = listenForDataChanges(proxy.url, log, { probeTimeoutMs: 2_000, channel });
    feeds.push(feed);
    expect(await holdsWithin(3_000, () => feed.live)).toBe(true);
    const from = feed.revision;
    expect(feed.changesSince(from)).toEqual([]);
    await notifier.query("SELECT pg_notify($1, 'first'), pg_notify($1, 'second')", [channel]);
    expect(await holdsWithin(3_000, () => feed.revision === from + 2)).toBe(true);
    expect(feed.changesSince(from)).toEqual(["first", "second"]);
    expect(feed.changesSince(from + 1)).toEqual(["second"]);

    // More than it keeps: a reader from before is told that anything may have changed.
    await notifier.query("SELECT pg_notify($1, n::text) FROM generate_series(1, 1000) AS n", [channel]);
    expect(await holdsWithin(3_000, () => feed.revision === from + 1_002)).toBe(true);
    expect(feed.changesSince(from)).toBeUndefined();
    expect(feed.changesSince(from + 2)).toHaveLength(1_000);

    const beforeCut = feed.revision;
    proxy.cut();
    expect(await holdsWithin(1_000, () => !feed.live)).toBe(true);
    expect(await holdsWithin(5_000, () => feed.live)).toBe(true);
    expect(feed.changesSince(beforeCut)).toBeUndefined();
    expect(feed.changesSince(feed.revision)).toEqual([]);
  } finally {
    await notifier.end();
    await Promise.all(feeds.map((feed) => feed.close()));
    feeds = [];
    await proxy.close();
  }
});
