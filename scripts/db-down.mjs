// `npm run db:down -- [count]`: rolls back the newest `count` (default 1) migrations applied to
// DATABASE_URL's database, newest first. Each one's down.sql runs in a transaction with the removal
// of its row from _prisma_migrations, so the next `prisma migrate deploy` (the app at start)
// applies it again. (`prisma migrate resolve --rolled-back` only marks a failed migration.)
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
/** The advisory lock `prisma migrate deploy` holds: a server starting meanwhile waits instead of migrating halfway. */
const PRISMA_MIGRATE_LOCK = 72707369;

function refuse(sentence) {
  console.error(sentence);
  process.exit(2);
}

const downFile = (migration) => path.join(root, "prisma/migrations", migration, "down.sql");

const count = process.argv[2] === undefined ? 1 : Number(process.argv[2]);
if (!Number.isInteger(count) || count < 1) {
  refuse("usage: npm run db:down -- [count]   (the newest `count` applied migrations, default 1, of DATABASE_URL's database)");
}

const databaseUrl = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5488/lms";
const client = new pg.Client({ connectionString: databaseUrl });
await client.connect();
try {
  await client.query("SELECT pg_advisory_lock($1)", [PRISMA_MIGRATE_LOCK]);
  const { rows } = await client.query(`
    SELECT migration_name AS name, finished_at IS NOT NULL AS finished
    FROM _prisma_migrations WHERE rolled_back_at IS NULL ORDER BY migration_name DESC`).catch((error) => {
    // 42P01: no _prisma_migrations table, so no migration was ever applied here.
    if (error.code === "42P01") return { rows: [] };
    throw error;
  });
  const applied = [...new Set(rows.filter((row) => row.finished).map((row) => row.name))];
  const failed = rows.find((row) => !row.finished && !applied.includes(row.name));
  if (failed) refuse(`${failed.name} failed to apply and is unresolved: repair it and mark it with \`prisma migrate resolve\` first.`);
  if (applied.length === 0) refuse("No migration is applied to this database: there is nothing to roll back.");
  if (count > applied.length) refuse(`Only ${applied.length} migrations are applied, fewer than the ${count} asked to roll back.`);
  const rollingBack = applied.slice(0, count);
  // Checked for all before any is rolled back, so a missing one stops nothing halfway.
  const withoutDown = rollingBack.find((migration) => !existsSync(downFile(migration)));
  if (withoutDown) refuse(`${withoutDown} has no down.sql (prisma/migrations/${withoutDown}/down.sql), so it cannot be rolled back.`);

  for (const migration of rollingBack) {
    await client.query("BEGIN");
    try {
      // One simple-protocol query, as the migrations themselves are sent (semicolons in function bodies survive).
      await client.query(readFileSync(downFile(migration), "utf8"));
      await client.query("DELETE FROM _prisma_migrations WHERE migration_name = $1", [migration]);
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK");
      console.error(`${migration}: down.sql failed and was undone, the migration stays applied: ${error.message}`);
      process.exitCode = 1;
      break;
    }
    console.log(`rolled back ${migration}`);
  }
} finally {
  await client.end();
}
