// `npm start` as root from a folder the database's system user cannot enter (a clone under /root):
// the embedded PostgreSQL runs as "postgres", so the server stops at once with one sentence saying
// what to do, instead of initdb's EACCES and a stack trace. Only root meets this.
import { spawn } from "node:child_process";
import { chmod, mkdir, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { REPOSITORY_ROOT } from "../src/platform/paths.ts";
import { freePort } from "./support/test-database.ts";

const asRoot = process.getuid?.() === 0 ? it : it.skip;
let closedFolder: string;

beforeAll(async () => {
  closedFolder = await mkdtemp(path.join(tmpdir(), "closed-"));
  await chmod(closedFolder, 0o700);
});
afterAll(() => rm(closedFolder, { recursive: true, force: true }));

asRoot("stops with one sentence when the data folder is inside a folder only root may enter, and creates nothing", async () => {
  const dataDir = path.join(closedFolder, "project", ".data");
  await mkdir(dataDir, { recursive: true });
  const env: Record<string, string | undefined> = {
    ...process.env,
    NODE_ENV: "development",
    DATA_DIR: dataDir,
    SEED_DEMO_DATA: "false",
    PORT: String(await freePort()),
    EMBEDDED_POSTGRES_PORT: String(await freePort()),
  };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, ["-r", "@swc-node/register", "src/main.ts"], { cwd: path.join(REPOSITORY_ROOT, "server"), env, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));

  expect(code).toBe(1);
  expect(stderr).toBe(
    `The embedded database cannot start: run as root, it runs as the system user "postgres", which cannot enter ${closedFolder} ` +
      `(a folder only its owner may open). Move the project to a folder every user can enter (for example /srv/lms), ` +
      `start it as an ordinary user, or set DATABASE_URL to a PostgreSQL server.\n`,
  );
  expect(await readdir(dataDir)).toEqual([]);
}, 120_000);
