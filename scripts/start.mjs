// `npm start`: builds the web client when its sources are newer than the last build, then runs
// the API, which serves the client on the same port (http://localhost:4000).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const web = path.join(root, "web");
const builtIndex = path.join(web, "dist/index.html");

function newestChange(folder) {
  let newest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

const webSources = [path.join(web, "src"), path.join(web, "index.html")];
const stale =
  !existsSync(builtIndex) ||
  Math.max(...webSources.filter(existsSync).map((p) => (statSync(p).isDirectory() ? newestChange(p) : statSync(p).mtimeMs))) >
    statSync(builtIndex).mtimeMs;
if (existsSync(path.join(web, "package.json")) && stale) {
  console.log("Building the web client (web/dist)...");
  const build = spawnSync("npm", ["run", "build", "-w", "web"], { cwd: root, stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const server = spawn("npm", ["start", "-w", "server"], { cwd: root, stdio: "inherit" });
// A terminal's Ctrl-C reaches the server too (the whole process group gets it); a signal sent to
// this process alone is passed on. Either way this process waits for the server's own exit code.
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code, signal) => process.exit(code ?? 128 + os.constants.signals[signal]));
