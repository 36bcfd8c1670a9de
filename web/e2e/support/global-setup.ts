// Builds the web client once (the API serves web/dist), then starts the server harness's PostgreSQL.
import { spawnSync } from "node:child_process";
import path from "node:path";
import serverGlobalSetup from "../../../server/test/support/global-setup.ts";

const repositoryRoot = path.resolve(__dirname, "../../..");

export default async function globalSetup(): Promise<void> {
  const build = spawnSync("npm", ["run", "build", "-w", "web"], { cwd: repositoryRoot, stdio: ["ignore", 2, 2] });
  if (build.status !== 0) throw new Error("npm run build -w web failed");
  await serverGlobalSetup();
}
