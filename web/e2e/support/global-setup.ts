// Builds the web client once (the API serves web/dist), then starts the server harness's PostgreSQL.
import { spawnSync } from "node:child_process";
import path from "node:path";
import serverGlobalSetup from "../../../server/test/support/global-setup.ts";

const repositoryRoot = path.resolve(__dirname, "../../..");

export default async function globalSetup(): Promise<void> {
  // Jest sets NODE_ENV=test, under which Vite would bundle React's development build (a third
  // larger and slower): journeys test, and measure, what `npm start` serves.
  const build = spawnSync("npm", ["run", "build", "-w", "web"], {
    cwd: repositoryRoot,
    env: { ...process.env, NODE_ENV: "production" },
    stdio: ["ignore", 2, 2],
  });
  if (build.status !== 0) throw new Error("npm run build -w web failed");
  await serverGlobalSetup();
}
