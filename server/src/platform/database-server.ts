// Where the database lives: DATABASE_URL when set, else an embedded PostgreSQL under DATA_DIR.
import path from "node:path";
import pg from "pg";
import type { Config } from "./config.ts";
import { withDatabase } from "./database-url.ts";
import { startEmbeddedPostgres } from "./embedded-postgres.ts";
import type { Logger } from "./logger.ts";

export const EMBEDDED_DATABASE_NAME = "lms";

export interface DatabaseServer {
  url: string;
  stop(): Promise<void>;
}

export async function createDatabaseIfMissing(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${database}"`);
  } finally {
    await client.end();
  }
}

export async function provideDatabaseServer(config: Config, log: Logger): Promise<DatabaseServer> {
  if (config.databaseUrl) return { url: config.databaseUrl, stop: async () => {} };
  const dataDir = path.join(config.dataDir, "postgres");
  log.info({ dataDir, port: config.embeddedPostgresPort }, "starting embedded PostgreSQL");
  // The app stops it last, after draining; a terminal's Ctrl-C must not stop it first.
  const server = await startEmbeddedPostgres(dataDir, config.embeddedPostgresPort, { ownSession: true });
  await createDatabaseIfMissing(server.adminUrl, EMBEDDED_DATABASE_NAME);
  return { url: withDatabase(server.adminUrl, EMBEDDED_DATABASE_NAME), stop: server.stop };
}
