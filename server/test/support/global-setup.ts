// One PostgreSQL for the whole run (embedded in a temporary folder, or DATABASE_URL's server)
// and one migrated template database that every test file clones.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { withDatabase } from "../../src/platform/database-url.ts";
import { applyMigrations } from "../../src/platform/migrations.ts";
import { REPOSITORY_ROOT } from "../../src/platform/paths.ts";
import { TEST_ENV } from "./test-env.ts";
import { startThrowawayDatabaseServer, type ThrowawayDatabaseServer } from "./throwaway-database-server.ts";

/** Changes to the migrations make a new template; an unchanged one is reused across runs. */
function migrationsHash(): string {
  const folder = path.join(REPOSITORY_ROOT, "prisma/migrations");
  const hash = createHash("sha256");
  for (const entry of readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .sort()) {
    hash.update(entry).update(readFileSync(entry));
  }
  return hash.digest("hex").slice(0, 12);
}

export default async function globalSetup(): Promise<void> {
  const databaseServer = await startThrowawayDatabaseServer("lms-test-pg-");
  // Global teardown runs in this same process: it stops what global setup started.
  (globalThis as { __testDatabaseServer?: ThrowawayDatabaseServer }).__testDatabaseServer = databaseServer;
  const { adminUrl } = databaseServer;
  const template = `lms_template_${migrationsHash()}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [template]);
    if (exists.rowCount === 0) {
      const building = `${template}_building_${process.pid}`;
      await client.query(`DROP DATABASE IF EXISTS "${building}"`);
      await client.query(`CREATE DATABASE "${building}"`);
      await applyMigrations(withDatabase(adminUrl, building));
      await client.query(`ALTER DATABASE "${building}" RENAME TO "${template}"`).catch(async () => {
        // Another run built the same template meanwhile.
        await client.query(`DROP DATABASE IF EXISTS "${building}"`);
      });
    }
  } finally {
    await client.end();
  }
  process.env[TEST_ENV.adminUrl] = adminUrl;
  process.env[TEST_ENV.template] = template;
}
