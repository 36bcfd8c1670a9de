// Tells this process when data that anonymous visitors see has changed, whoever changed it:
// triggers on the watched tables NOTIFY a channel, and PostgreSQL delivers a notification only
// once its transaction commits, to every server instance listening on the same database. The
// feed keeps the latest notifications' payloads (what changed) for those who ask later. The
// domain-event dispatcher listens the same way on its own channel.
import { randomUUID } from "node:crypto";
import pg from "pg";
import type { Logger } from "./logger.ts";

/** The channel the migrations' triggers notify (see the public_data_changes migration). */
export const PUBLIC_DATA_CHANNEL = "public_data_changed";

const FIRST_RECONNECT_DELAY_MS = 1_000;
/** Payloads kept for changesSince; a reader further behind is told that anything may have changed. */
const KEPT_CHANGES = 1_000;
/** Feeds' own test notifications carry this prefix: they tell of no change. */
const PROBE_PREFIX = "probe:";
const LONGEST_RECONNECT_DELAY_MS = 60_000;

export interface DataChangeFeed {
  /** Grows on every notification, and on every (re)connection, when notifications may have been missed. */
  readonly revision: number;
  /** False while the listening connection is down: nothing may then be assumed unchanged. */
  readonly live: boolean;
  /**
   * The payloads of the notifications after `revision`, oldest first (test notifications left
   * out); undefined when some may be missing: a (re)connection since, or more than the feed keeps.
   */
  changesSince(revision: number): readonly string[] | undefined;
  close(): Promise<void>;
}

export interface DataChangeFeedOptions {
  /** How long to wait for the feed's own test notification before calling the connection deaf. */
  probeTimeoutMs?: number;
  /** The channel listened to; the public data's by default. */
  channel?: string;
  /** Called whenever the revision grows: on a notification, and once (re)connected. */
  onChange?: () => void;
}

export function listenForDataChanges(
  databaseUrl: string,
  log: Logger,
  { probeTimeoutMs = 5_000, channel = PUBLIC_DATA_CHANNEL, onChange = () => {} }: DataChangeFeedOptions = {},
): DataChangeFeed {
  let revision = 0;
  /** The revision from which every notification is in `changes`. */
  let changesFrom = 0;
  let changes: { revision: number; payload: string }[] = [];
  let live = false;
  let closed = false;
  let client: pg.Client | undefined;
  let reconnectTimer: NodeJS.Timeout | undefined;
  let reconnectDelayMs = FIRST_RECONNECT_DELAY_MS;

  function drop(connection: pg.Client): Promise<void> {
    connection.removeAllListeners();
    connection.on("error", () => {});
    return connection.end().catch(() => {});
  }

  function connectionLost(connection: pg.Client, reason: unknown) {
    if (client !== connection) return;
    client = undefined;
    live = false;
    forgetChanges();
    void drop(connection);
    if (closed) return;
    log.warn({ err: reason, channel, retryInMs: reconnectDelayMs }, "data change feed disconnected; what it wakes waits until it reconnects");
    reconnectTimer = setTimeout(connect, reconnectDelayMs);
    reconnectTimer.unref();
    reconnectDelayMs = Math.min(reconnectDelayMs * 2, LONGEST_RECONNECT_DELAY_MS);
  }

  /** Notifications may have been missed: whoever asks for changes from before must assume anything changed. */
  function forgetChanges() {
    revision += 1;
    changesFrom = revision;
    changes = [];
  }

  function heard(payload: string) {
    revision += 1;
    if (payload.startsWith(PROBE_PREFIX)) return;
    changes.push({ revision, payload });
    if (changes.length > KEPT_CHANGES) changesFrom = changes.shift()!.revision;
  }

  async function connect() {
    const connection = new pg.Client({ connectionString: databaseUrl, application_name: "lms-data-change-feed" });
    client = connection;
    const probe = `${PROBE_PREFIX}${randomUUID()}`;
    let heardProbe = () => {};
    connection.on("notification", ({ payload = "" }) => {
      heard(payload);
      if (payload === probe) heardProbe();
      else onChange();
    });
    connection.on("error", (error) => connectionLost(connection, error));
    connection.on("end", () => connectionLost(connection, new Error("connection ended")));
    try {
      await connection.connect();
      await connection.query(`LISTEN ${channel}`);
      // Behind a transaction-mode pooler (PgBouncer and the like) LISTEN succeeds but nothing
      // arrives; a feed that cannot hear its own notification must not let anything be cached.
      const heard = new Promise<boolean>((resolve) => {
        heardProbe = () => resolve(true);
        setTimeout(() => resolve(false), probeTimeoutMs).unref();
      });
      await connection.query("SELECT pg_notify($1, $2)", [channel, probe]);
      if (!(await heard)) throw new Error("notifications do not reach this connection; is DATABASE_URL a transaction-mode pooler?");
      if (client !== connection) return;
      forgetChanges();
      live = true;
      reconnectDelayMs = FIRST_RECONNECT_DELAY_MS;
      onChange();
    } catch (error) {
      connectionLost(connection, error);
    }
  }

  void connect();

  return {
    get revision() {
      return revision;
    },
    get live() {
      return live;
    },
    changesSince(since) {
      if (since < changesFrom) return undefined;
      return changes.filter((change) => change.revision > since).map((change) => change.payload);
    },
    async close() {
      closed = true;
      live = false;
      clearTimeout(reconnectTimer);
      const connection = client;
      client = undefined;
      if (connection) await drop(connection);
    },
  };
}
