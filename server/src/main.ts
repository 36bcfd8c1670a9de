// Process entry: config -> database -> migrations -> app -> listen. Ctrl-C stops it all.
import "reflect-metadata";
import { seedDemoData, DEMO_ACCOUNTS } from "../../prisma/seed.ts";
import { createApp } from "./app.ts";
import { ConfigError, loadConfig } from "./platform/config.ts";
import { createDatabase } from "./platform/db.ts";
import { provideDatabaseServer } from "./platform/database-server.ts";
import { createLogger } from "./platform/logger.ts";
import { applyMigrations } from "./platform/migrations.ts";

async function main(): Promise<void> {
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
  const log = createLogger(config.logLevel);
  const databaseServer = await provideDatabaseServer(config, log);
  await applyMigrations(databaseServer.url);
  const db = createDatabase({ url: databaseServer.url });
  const seeded = config.seedDemoData && (await seedDemoData(db));
  const app = await createApp({ ...config, databaseUrl: databaseServer.url }, db, log);
  const url = await app.listen(config.port, config.host);

  log.info({ url: `${url}/graphql` }, "API ready");
  if (config.seedDemoData) {
    console.log(
      [
        "",
        `  API:  ${url}/graphql`,
        `  Demo accounts${seeded ? " (created now)" : ""}:`,
        ...DEMO_ACCOUNTS.map((account) => `    ${account.role.padEnd(10)} ${account.email} / ${account.password}`),
        "",
      ].join("\n"),
    );
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "stopping");
    await app.close();
    await db.$disconnect();
    await databaseServer.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
