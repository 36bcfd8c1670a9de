// Tells this process when data that anonymous visitors see has changed, whoever changed it:
// triggers on the watched tables NOTIFY a channel, and PostgreSQL delivers a notification only
// once its transaction commits, to every server instance listening on the same database.
import pg from "pg";
import type { Logger } from "./logger.ts";

/** The channel the migrations' triggers notify (see the public_data_changes migration). */
export const PUBLIC_DATA_CHANNEL = "public_data_changed";

const RECONNECT_DELAY_MS = 1_000;

export interface DataChangeFeed {
  /** Grows on every notification, and on every (re)connection, when notifications may have been missed. */
  readonly revision: number;
  /** False while the listening connection is down: nothing may then be assumed unchanged. */
  readonly live: boolean;
  close(): Promise<void>;
}

export function listenForDataChanges(databaseUrl: string, log: Logger): DataChangeFeed {
  let revision = 0;
  let live = false;
  let closed = false;
  let client: pg.Client | undefined;
  let reconnectTimer: NodeJS.Timeout | undefined;

  function drop(connection: pg.Client): Promise<void> {
    connection.removeAllListeners();
    connection.on("error", () => {});
    return connection.end().catch(() => {});
  }

  function connectionLost(connection: pg.Client, reason: unknown) {
    if (client !== connection) return;
    client = undefined;
    live = false;
    revision += 1;
    void drop(connection);
    if (closed) return;
    log.warn({ err: reason }, "data change feed disconnected; the public response cache is off until it reconnects");
    reconnectTimer = setTimeout(connect, RECONNECT_DELAY_MS);
    reconnectTimer.unref();
  }

  async function connect() {
    const connection = new pg.Client({ connectionString: databaseUrl, application_name: "lms-data-change-feed" });
    client = connection;
    connection.on("notification", () => {
      revision += 1;
    });
    connection.on("error", (error) => connectionLost(connection, error));
    connection.on("end", () => connectionLost(connection, new Error("connection ended")));
    try {
      await connection.connect();
      await connection.query(`LISTEN ${PUBLIC_DATA_CHANNEL}`);
      if (client !== connection) return;
      revision += 1;
      live = true;
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
