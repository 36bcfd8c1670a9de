// Process entry: config -> database -> migrations -> app -> listen. Ctrl-C or SIGTERM stops it all,
// in the reverse order: requests and sockets drained, jobs finished or released, then the database.
import "reflect-metadata";
// Before anything loads http, pg or graphql: tracing patches them as they load.
import { stopTracing } from "./platform/tracing.ts";
import { seedDemoData, DEMO_ACCOUNTS } from "../../prisma/seed.ts";
import { createApp, type App } from "./app.ts";
import { ConfigError, loadConfig } from "./platform/config.ts";
import { createDatabase, type Database } from "./platform/db.ts";
import { provideDatabaseServer, type DatabaseServer } from "./platform/database-server.ts";
import { EmbeddedDatabaseError } from "./platform/embedded-postgres.ts";
import { createLogger, type Logger } from "./platform/logger.ts";
import { applyMigrations } from "./platform/migrations.ts";
import { webClientBuilt } from "./platform/web-client.ts";

/** What is running so far, stopped in the reverse order. */
const running: { log?: Logger; databaseServer?: DatabaseServer; db?: Database; app?: App } = {};
let stopping = false;

async function stop(signal: string): Promise<void> {
  // A terminal's Ctrl-C comes twice or more (to the whole process group, and forwarded by npm).
  if (stopping) return;
  const { log, databaseServer, db, app } = running;
  stopping = true;
  log?.info({ signal }, "stopping");
  let exitCode = 0;
  try {
    await app?.close();
    await db?.$disconnect();
    await databaseServer?.stop();
    await stopTracing();
  } catch (error) {
    log?.error({ err: error }, "stopping failed");
    exitCode = 1;
  }
  log?.info("stopped");
  process.exit(exitCode);
}

async function main(): Promise<void> {
  // From the first moment: a signal during start-up still stops what has started.
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  // Readable lines in a developer's terminal; JSON in production and wherever output is collected.
  const log = (running.log = createLogger(config.logLevel, { readable: !config.isProduction && process.stdout.isTTY }));
  const databaseServer = (running.databaseServer = await provideDatabaseServer(config, log));
  await applyMigrations(databaseServer.url);
  const db = (running.db = createDatabase({ url: databaseServer.url }));
  const app = (running.app = await createApp({ ...config, databaseUrl: databaseServer.url }, db, log));
  // After the app: the demo videos are stored and processed by the platform, like uploads.
  const seeded = config.seedDemoData && (await seedDemoData(app.platform));
  if (stopping) return;
  const url = await app.listen(config.port, config.host);

  const webClient = webClientBuilt() ? `${url}/` : null;
  log.info({ url: `${url}/graphql`, webClient }, "API ready");
  if (!config.isProduction || config.seedDemoData) {
    console.log(
      [
        "",
        `  Web client:  ${webClient ?? "not built (npm run build -w web); npm run dev -w web serves it at http://localhost:5173/"}`,
        `  API:         ${url}/graphql`,
        ...(config.seedDemoData
          ? [
              `  Demo accounts${seeded ? " (created now)" : ""}:`,
              ...DEMO_ACCOUNTS.map((account) => `    ${account.role.padEnd(10)} ${account.email} / ${account.password}`),
            ]
          : []),
        "",
      ].join("\n"),
    );
  }
}

main().catch((error) => {
  // A start-up step cut short by a stop is no error of its own.
  if (stopping) return;
  console.error(error instanceof EmbeddedDatabaseError ? error.message : error);
  process.exit(1);
});
