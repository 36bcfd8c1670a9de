// Schema migrations are Prisma's (prisma/migrations), applied by its CLI as a child process.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { REPOSITORY_ROOT } from "./paths.ts";

const run = promisify(execFile);

export async function applyMigrations(databaseUrl: string): Promise<void> {
  const cli = require.resolve("prisma/build/index.js", { paths: [REPOSITORY_ROOT] });
  try {
    await run(process.execPath, [cli, "migrate", "deploy"], {
      cwd: REPOSITORY_ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
      timeout: 120_000,
    });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`prisma migrate deploy failed:\n${stdout ?? ""}${stderr ?? ""}`, { cause: error });
  }
}
