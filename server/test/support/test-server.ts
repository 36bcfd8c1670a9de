// A real server for one test file: its own database cloned from the template, an ephemeral
// port, and helpers that speak to it over HTTP and WebSocket like any client would.
import { createClient, type Client } from "graphql-ws";
import type { DestinationStream } from "pino";
import WebSocket from "ws";
import { createApp, type App } from "../../src/app.ts";
import { loadConfig } from "../../src/platform/config.ts";
import { createDatabase, onStatementPastPrisma, type Database } from "../../src/platform/db.ts";
import { createLogger } from "../../src/platform/logger.ts";
import { createTestDatabase } from "./test-database.ts";
import { waitUntil } from "./wait.ts";

/** Throttles lifted, for test files that make many requests and are not about throttling. */
export const UNTHROTTLED = { AUTH_IP_LIMIT_PER_MINUTE: "10000", API_REQUESTS_PER_MINUTE: "100000" } as const;

export interface GraphQLResponse<T = Record<string, any>> {
  status: number;
  data: T | null | undefined;
  errors?: { message: string; path?: string[]; extensions: { code: string; reason?: string; fields?: Record<string, string>; retryAfterSeconds?: number } }[];
}

export interface RequestOptions {
  token?: string;
  headers?: Record<string, string>;
}

export interface TestServer {
  url: string;
  app: App;
  /** Direct database access, for arranging state and checking what was stored. */
  db: Database;
  /** The test file's own database, for a second server instance on it. */
  databaseUrl: string;
  graphql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, options?: RequestOptions): Promise<GraphQLResponse<T>>;
  /** A graphql-ws client; `token` goes in connectionParams as the contract says. */
  subscriptionClient(token?: string): Client;
  /**
   * Runs `work` and answers how many SQL statements the server sent meanwhile. It first waits for
   * earlier domain events to be settled, so their listeners' statements are not counted as the work's.
   */
  countQueries(work: () => Promise<unknown>): Promise<number>;
  close(): Promise<void>;
}

export interface TestServerOptions {
  /** Receives the server's log (at env's LOG_LEVEL, silent by default) as JSON lines. */
  logTo?: DestinationStream;
  /** Another instance on this server's database (which the first server's close drops), as a second process of one deployment. */
  besides?: TestServer;
}

export async function startTestServer(env: Record<string, string> = {}, { logTo, besides }: TestServerOptions = {}): Promise<TestServer> {
  const database = besides ? { url: besides.databaseUrl, drop: async () => undefined } : await createTestDatabase();
  const databaseUrl = database.url;

  // The public response cache learns of a commit a moment after the writer's answer; tests that
  // write and then read anonymously at once would race it, so it is on only where a test asks.
  // The scheduled popularity recount would rewrite courses under a test's feet: tests run it themselves.
  const config = loadConfig({
    NODE_ENV: "test",
    LOG_LEVEL: "silent",
    DATABASE_URL: databaseUrl,
    SEED_DEMO_DATA: "false",
    PUBLIC_CACHE_SECONDS: "0",
    COURSE_POPULARITY_REFRESH_CRON: "off",
    ...env,
  });
  const db = createDatabase({ url: databaseUrl, poolSize: 5, emitQueryEvents: true });
  let statements = 0;
  // The mailer retries unsent mail every 30 s on this client, whatever request is being counted.
  db.$on("query", (event) => {
    if (!event.query.includes(`"mail_outbox"`)) statements += 1;
  });
  onStatementPastPrisma(db, () => {
    statements += 1;
  });
  const app = await createApp(config, db, createLogger(config.logLevel, { destination: logTo }));
  const url = await app.listen(0, "127.0.0.1");
  const clients: Client[] = [];

  return {
    url,
    app,
    db,
    databaseUrl,
    async graphql(query, variables, options = {}) {
      const response = await fetch(`${url}/graphql`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...options.headers,
        },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as Omit<GraphQLResponse, "status">;
      return { status: response.status, ...body } as GraphQLResponse<any>;
    },
    subscriptionClient(token) {
      const client = createClient({
        url: `${url.replace("http", "ws")}/graphql`,
        webSocketImpl: WebSocket,
        connectionParams: token ? { authorization: `Bearer ${token}` } : {},
        retryAttempts: 0,
      });
      clients.push(client);
      return client;
    },
    async countQueries(work) {
      await waitUntil("earlier domain events are settled", async () => {
        const [{ unsettled }] = await db.$queryRaw<{ unsettled: number }[]>`SELECT count(*)::int AS unsettled FROM domain_events WHERE settled_at IS NULL`;
        return unsettled === 0;
      });
      const before = statements;
      await work();
      return statements - before;
    },
    async close() {
      await Promise.all(clients.map((client) => client.dispose()));
      await app.close();
      await db.$disconnect();
      await database.drop();
    },
  };
}
