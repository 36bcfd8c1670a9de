// One PostgreSQL for the whole run (embedded in a temporary folder, or DATABASE_URL's server)
// and one migrated template database that every test file clones.
import { createHash } from "node:crypto";
import { chmodSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { withDatabase } from "../../src/platform/database-url.ts";
import { startEmbeddedPostgres } from "../../src/platform/embedded-postgres.ts";
import { applyMigrations } from "../../src/platform/migrations.ts";
import { REPOSITORY_ROOT } from "../../src/platform/paths.ts";
import { freePort } from "./test-database.ts";
import { TEST_ENV } from "./test-env.ts";

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
  let adminUrl: string;
  if (process.env.DATABASE_URL) {
    adminUrl = withDatabase(process.env.DATABASE_URL, "postgres");
  } else {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "lms-test-pg-"));
    // Run as root, PostgreSQL runs as its own system user, which must reach the folder.
    chmodSync(dataDir, 0o755);
    const server = await startEmbeddedPostgres(path.join(dataDir, "data"), await freePort());
    (globalThis as { __embeddedPostgres?: unknown }).__embeddedPostgres = { server, dataDir };
    adminUrl = server.adminUrl;
  }
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
