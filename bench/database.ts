// A fresh, migrated database for one bench run: on DATABASE_URL's server when set,
// else on an embedded PostgreSQL in a temporary folder. Both vanish when the run ends.
import { randomBytes } from "node:crypto";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { withDatabase } from "../server/src/platform/database-url.ts";
import { startEmbeddedPostgres } from "../server/src/platform/embedded-postgres.ts";
import { applyMigrations } from "../server/src/platform/migrations.ts";
import { freePort } from "./ports.ts";

export interface BenchDatabase {
  url: string;
  /** Where the database runs, for the results file. */
  server: "embedded" | "DATABASE_URL";
  stop(): Promise<void>;
}

async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function startDatabaseServer(): Promise<{ adminUrl: string; server: BenchDatabase["server"]; stop(): Promise<void> }> {
  if (process.env.DATABASE_URL) {
    return { adminUrl: withDatabase(process.env.DATABASE_URL, "postgres"), server: "DATABASE_URL", stop: async () => {} };
  }
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "lms-bench-pg-"));
  // Run as root, PostgreSQL runs as its own system user, which must reach the folder.
  chmodSync(dataDir, 0o755);
  try {
    const embedded = await startEmbeddedPostgres(path.join(dataDir, "data"), await freePort());
    return {
      adminUrl: embedded.adminUrl,
      server: "embedded",
      stop: async () => {
        try {
          await embedded.stop();
        } finally {
          rmSync(dataDir, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

export async function provideBenchDatabase(): Promise<BenchDatabase> {
  const databaseServer = await startDatabaseServer();
  const database = `lms_bench_${randomBytes(6).toString("hex")}`;
  // An embedded server goes away with its folder; only a shared one needs the database dropped.
  const stop = async () => {
    try {
      if (databaseServer.server === "DATABASE_URL") {
        await adminQuery(databaseServer.adminUrl, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      }
    } finally {
      await databaseServer.stop();
    }
  };
  try {
    await adminQuery(databaseServer.adminUrl, `CREATE DATABASE "${database}"`);
    const url = withDatabase(databaseServer.adminUrl, database);
    await applyMigrations(url);
    return { url, server: databaseServer.server, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
