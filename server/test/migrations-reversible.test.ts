// Every migration can be undone: its down.sql leaves the schema exactly as the migration found it,
// all of them together leave an empty database, and `prisma migrate deploy` then builds the same
// schema again. Operators roll back with `npm run db:down -- [count]` (scripts/db-down.mjs).
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { withDatabase } from "../src/platform/database-url.ts";
import { applyMigrations } from "../src/platform/migrations.ts";
import { REPOSITORY_ROOT } from "../src/platform/paths.ts";
import { adminQuery, createTestDatabase, type TestDatabase } from "./support/test-database.ts";
import { TEST_ENV } from "./support/test-env.ts";

// `prisma migrate deploy` and the db:down script run as child processes, two dozen of them in one
// test: slow on a busy machine.
jest.setTimeout(240_000);

const MIGRATIONS_DIR = path.join(REPOSITORY_ROOT, "prisma/migrations");
const MIGRATIONS = readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

/** An empty database of its own (not the migrated template). */
async function emptyDatabase(): Promise<TestDatabase> {
  const adminUrl = process.env[TEST_ENV.adminUrl];
  if (!adminUrl) throw new Error("test global setup did not run");
  const name = `lms_reversible_${randomBytes(6).toString("hex")}`;
  await adminQuery(adminUrl, `CREATE DATABASE "${name}"`);
  return { url: withDatabase(adminUrl, name), drop: () => adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/**
 * The schema as one deterministic text, one sorted entry per object of schema public: relations
 * (partition keys and bounds included), columns, constraints, indexes, triggers, functions, types,
 * sequences and views, and the schemas and extensions of the database. Prisma's own
 * _prisma_migrations is left out: it is bookkeeping, and it stays (empty) after rolling back all.
 * Columns are listed by name, not position: a column dropped and added back comes last.
 */
const SNAPSHOT_QUERY = `
  WITH rel AS (
    SELECT c.* FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relname <> '_prisma_migrations'
  )
  SELECT format('relation %s kind %s', rel.relname, rel.relkind)
    || CASE WHEN rel.relkind = 'p' THEN ' partitioned by ' || pg_get_partkeydef(rel.oid) ELSE '' END
    || CASE WHEN rel.relispartition THEN format(' partition of %s %s', parent.relname, pg_get_expr(rel.relpartbound, rel.oid)) ELSE '' END
  FROM rel LEFT JOIN pg_inherits i ON i.inhrelid = rel.oid LEFT JOIN pg_class parent ON parent.oid = i.inhparent
  WHERE rel.relkind NOT IN ('i', 'I')
  UNION ALL
  SELECT format('column %s.%s %s', rel.relname, a.attname, format_type(a.atttypid, a.atttypmod))
    || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END
    || CASE WHEN a.attgenerated = 's' THEN ' generated always as ' || pg_get_expr(d.adbin, d.adrelid)
            WHEN d.adbin IS NOT NULL THEN ' default ' || pg_get_expr(d.adbin, d.adrelid) ELSE '' END
    || CASE WHEN a.attidentity <> '' THEN ' identity ' || a.attidentity::text ELSE '' END
  FROM rel JOIN pg_attribute a ON a.attrelid = rel.oid LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
  WHERE rel.relkind IN ('r', 'p', 'v', 'm', 'f', 'c') AND a.attnum > 0 AND NOT a.attisdropped
  UNION ALL
  SELECT format('constraint %s.%s %s', rel.relname, con.conname, pg_get_constraintdef(con.oid))
  FROM rel JOIN pg_constraint con ON con.conrelid = rel.oid
  UNION ALL
  SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'
  UNION ALL
  SELECT 'trigger ' || pg_get_triggerdef(t.oid) || CASE WHEN t.tgenabled <> 'O' THEN ' enabled ' || t.tgenabled::text ELSE '' END
  FROM rel JOIN pg_trigger t ON t.tgrelid = rel.oid WHERE NOT t.tgisinternal
  UNION ALL
  SELECT CASE WHEN p.prokind = 'a' THEN 'aggregate ' || p.oid::regprocedure ELSE 'function ' || pg_get_functiondef(p.oid) END
  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'
  UNION ALL
  SELECT format('enum %s (%s)', t.typname, string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder))
  FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_enum e ON e.enumtypid = t.oid
  WHERE n.nspname = 'public' GROUP BY t.typname
  UNION ALL
  SELECT format('type %s kind %s', t.typname, t.typtype)
  FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
  WHERE n.nspname = 'public' AND t.typtype IN ('b', 'd', 'r', 'm') AND t.typcategory <> 'A'
  UNION ALL
  SELECT format('sequence %s %s start %s increment %s min %s max %s cache %s cycle %s',
    sequencename, data_type, start_value, increment_by, min_value, max_value, cache_size, cycle)
  FROM pg_sequences WHERE schemaname = 'public'
  UNION ALL
  SELECT format('view %s %s', viewname, definition) FROM pg_views WHERE schemaname = 'public'
  UNION ALL
  SELECT format('materialized view %s %s', matviewname, definition) FROM pg_matviews WHERE schemaname = 'public'
  UNION ALL
  SELECT 'schema ' || nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema'
  UNION ALL
  SELECT 'extension ' || extname FROM pg_extension`;

async function schemaSnapshot(url: string): Promise<string> {
  const { rows } = await withClient(url, (client) => client.query<{ entry: string }>(`SELECT entry FROM (${SNAPSHOT_QUERY}) AS catalog(entry)`));
  return rows
    .map((row) => row.entry)
    .sort()
    .join("\n");
}

async function appliedMigrations(url: string): Promise<string[]> {
  const { rows } = await withClient(url, (client) =>
    client.query<{ name: string }>("SELECT migration_name AS name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY migration_name"),
  );
  return rows.map((row) => row.name);
}

/** `npm run db:down -- ...args` on the database at `url`. */
async function dbDown(url: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [path.join(REPOSITORY_ROOT, "scripts/db-down.mjs"), ...args], {
      cwd: REPOSITORY_ROOT,
      env: { ...process.env, DATABASE_URL: url },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const { code, stdout, stderr } = error as { code?: number; stdout?: string; stderr?: string };
    if (typeof code !== "number") throw error;
    return { code, stdout: stdout ?? "", stderr: stderr ?? "" };
  }
}

/** What the app's analytics job does at start (analytics-partitions.ts): a month's partition, here with an event in it. */
async function addAnalyticsPartitionWithAnEvent(url: string): Promise<void> {
  await withClient(url, async (client) => {
    await client.query(`CREATE TABLE analytics_events_209901 PARTITION OF analytics_events FOR VALUES FROM ('2099-01-01') TO ('2099-02-01')`);
    await client.query(`
      INSERT INTO analytics_events (received_at, occurred_at, user_id, client_event_id, type, course_id, learner)
      VALUES ('2099-01-15', '2099-01-15', gen_random_uuid(), 'e1', 'play', gen_random_uuid(), true)`);
  });
}

describe("migrations are reversible", () => {
  it("every migration has a down.sql with SQL in it", () => {
    const lacking = MIGRATIONS.filter((migration) => {
      const file = path.join(MIGRATIONS_DIR, migration, "down.sql");
      return !existsSync(file) || readFileSync(file, "utf8").replace(/--.*$/gm, "").trim() === "";
    });
    expect(lacking).toEqual([]);
  });

  it("each down.sql undoes its migration exactly, all of them leave an empty database, and deploy then builds the same schema", async () => {
    const stepwise = await emptyDatabase();
    const deployed = await emptyDatabase();
    try {
      // The schema before any migration and after each one, applied one at a time as Prisma sends them.
      const schemaAfter = [await schemaSnapshot(stepwise.url)];
      for (const migration of MIGRATIONS) {
        await withClient(stepwise.url, (client) => client.query(readFileSync(path.join(MIGRATIONS_DIR, migration, "migration.sql"), "utf8")));
        schemaAfter.push(await schemaSnapshot(stepwise.url));
      }

      await applyMigrations(deployed.url);
      const deployedSchema = await schemaSnapshot(deployed.url);
      expect(deployedSchema).toBe(schemaAfter.at(-1));

      // Down one at a time, newest first; the oldest one's down leaves what an empty database has (schemaAfter[0]).
      for (let index = MIGRATIONS.length - 1; index >= 0; index -= 1) {
        expect(await dbDown(deployed.url)).toMatchObject({ code: 0, stdout: `rolled back ${MIGRATIONS[index]}\n` });
        try {
          expect(await schemaSnapshot(deployed.url)).toBe(schemaAfter[index]);
        } catch (error) {
          // The diff alone does not say which migration's down.sql it is about.
          (error as Error).message = `${MIGRATIONS[index]}/down.sql leaves another schema than the one before the migration:\n${(error as Error).message}`;
          throw error;
        }
      }
      expect(await appliedMigrations(deployed.url)).toEqual([]);

      await applyMigrations(deployed.url);
      expect(await schemaSnapshot(deployed.url)).toBe(deployedSchema);
      expect(await appliedMigrations(deployed.url)).toEqual(MIGRATIONS);
    } finally {
      await Promise.all([stepwise.drop(), deployed.drop()]);
    }
  });
});

describe("npm run db:down", () => {
  it("rolls back the newest migration on a database where the app ran, and deploy applies it again", async () => {
    const database = await createTestDatabase();
    try {
      await addAnalyticsPartitionWithAnEvent(database.url);
      const before = await schemaSnapshot(database.url);

      const result = await dbDown(database.url);
      expect(result).toMatchObject({ code: 0, stdout: `rolled back ${MIGRATIONS.at(-1)}\n` });
      expect(await appliedMigrations(database.url)).toEqual(MIGRATIONS.slice(0, -1));
      expect(await schemaSnapshot(database.url)).not.toBe(before);

      await applyMigrations(database.url);
      expect(await schemaSnapshot(database.url)).toBe(before);
      expect(await appliedMigrations(database.url)).toEqual(MIGRATIONS);
      const events = await withClient(database.url, (client) => client.query("SELECT count(*)::int AS count FROM analytics_events_209901"));
      expect(events.rows).toEqual([{ count: 1 }]);
    } finally {
      await database.drop();
    }
  });

  it("rolls back every migration, the app's partitions included, then refuses: nothing is applied", async () => {
    const database = await createTestDatabase();
    const empty = await emptyDatabase();
    try {
      await addAnalyticsPartitionWithAnEvent(database.url);

      expect(await dbDown(database.url, String(MIGRATIONS.length))).toMatchObject({ code: 0 });
      expect(await schemaSnapshot(database.url)).toBe(await schemaSnapshot(empty.url));

      const again = await dbDown(database.url);
      expect(again).toEqual({ code: 2, stdout: "", stderr: "No migration is applied to this database: there is nothing to roll back.\n" });
    } finally {
      await Promise.all([database.drop(), empty.drop()]);
    }
  });

  it("refuses a database no migration was ever applied to", async () => {
    const empty = await emptyDatabase();
    try {
      expect(await dbDown(empty.url)).toMatchObject({ code: 2, stderr: "No migration is applied to this database: there is nothing to roll back.\n" });
    } finally {
      await empty.drop();
    }
  });

  it("refuses, rolling back nothing, when a migration to roll back has no down.sql", async () => {
    const database = await createTestDatabase();
    try {
      const unknown = "29991231000000_without_down_script";
      await withClient(database.url, (client) =>
        client.query(
          `INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
           VALUES (gen_random_uuid()::text, '', $1, now(), now(), 1)`,
          [unknown],
        ),
      );
      const before = await schemaSnapshot(database.url);

      expect(await dbDown(database.url, "2")).toEqual({
        code: 2,
        stdout: "",
        stderr: `${unknown} has no down.sql (prisma/migrations/${unknown}/down.sql), so it cannot be rolled back.\n`,
      });
      expect(await appliedMigrations(database.url)).toEqual([...MIGRATIONS, unknown]);
      expect(await schemaSnapshot(database.url)).toBe(before);
    } finally {
      await database.drop();
    }
  });
});
