// A fresh, migrated database for one bench run: on DATABASE_URL's server when set,
// else on an embedded PostgreSQL in a temporary folder. Both vanish when the run ends.
import { randomBytes } from "node:crypto";
import { withDatabase } from "../server/src/platform/database-url.ts";
import { applyMigrations } from "../server/src/platform/migrations.ts";
import { adminQuery } from "../server/test/support/test-database.ts";
import { startThrowawayDatabaseServer, type ThrowawayDatabaseServer } from "../server/test/support/throwaway-database-server.ts";

export interface BenchDatabase {
  url: string;
  /** Where the database runs, for the results file. */
  server: ThrowawayDatabaseServer["kind"];
  stop(): Promise<void>;
}

export async function provideBenchDatabase(): Promise<BenchDatabase> {
  const databaseServer = await startThrowawayDatabaseServer("lms-bench-pg-");
  const database = `lms_bench_${randomBytes(6).toString("hex")}`;
  // An embedded server goes away with its folder; only a shared one needs the database dropped.
  const stop = async () => {
    try {
      if (databaseServer.kind === "DATABASE_URL") {
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
    return { url, server: databaseServer.kind, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
