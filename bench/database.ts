// A fresh, migrated database for one bench run: on DATABASE_URL's server when set,
// else on an embedded PostgreSQL in a temporary folder. Both vanish when the run ends.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { withDatabase } from "../server/src/platform/database-url.ts";
import { applyMigrations } from "../server/src/platform/migrations.ts";
import { adminQuery } from "../server/test/support/test-database.ts";
import { startThrowawayDatabaseServer, type ThrowawayDatabaseServer } from "../server/test/support/throwaway-database-server.ts";
import { postmasterOf } from "./process-cpu.ts";

export interface BenchDatabase {
  url: string;
  /** Where the database runs, for the results file. */
  server: ThrowawayDatabaseServer["kind"];
  /** Its `server_version`: plans and their costs differ between major versions. */
  version: string;
  /** The server's postmaster when it runs on this machine, whose process tree is all of PostgreSQL's CPU. */
  postmasterPid?: number;
  stop(): Promise<void>;
}

/** The server's version, and its postmaster: the parent of the backend that answers this session. */
async function describeServer(url: string): Promise<Pick<BenchDatabase, "version" | "postmasterPid">> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ version: string; backendPid: number }>(
      `SELECT current_setting('server_version') AS version, pg_backend_pid() AS "backendPid"`,
    );
    return { version: rows[0]!.version, postmasterPid: postmasterOf(rows[0]!.backendPid) };
  } finally {
    await client.end();
  }
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
    return { url, server: databaseServer.kind, ...(await describeServer(url)), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
