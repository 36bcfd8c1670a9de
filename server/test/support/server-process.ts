// The server as production runs it, in a child process (node with SWC on src/main.ts), for what
// only a real process shows: signals, exit codes, restarts.
import { spawn } from "node:child_process";
import path from "node:path";
import { REPOSITORY_ROOT } from "../../src/platform/paths.ts";
import { freePort } from "./test-database.ts";
import { waitUntil } from "./wait.ts";

/** Start-up compiles the sources with SWC and may migrate: slow on a busy machine. */
const READY_TIMEOUT_MS = 90_000;

export interface ServerProcess {
  url: string;
  pid: number;
  /** Everything the process wrote so far, stdout and stderr. */
  output(): string;
  stderr(): string;
  /** Sends `signal` to the server alone, or to its whole process group as a terminal's Ctrl-C does. */
  kill(signal: NodeJS.Signals, target?: "process" | "group"): void;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const LAUNCHERS = {
  /** The server's process itself, as a supervisor (systemd, Docker, Kubernetes) runs it. */
  node: { command: process.execPath, args: ["-r", "@swc-node/register", "src/main.ts"], cwd: path.join(REPOSITORY_ROOT, "server") },
  /** As from a developer's terminal. */
  npm: { command: "npm", args: ["start", "--silent", "-w", "server"], cwd: REPOSITORY_ROOT },
};

/**
 * Starts the server in a process group of its own with `env` added (undefined removes a variable;
 * PORT and HOST are chosen here) and resolves once /healthz answers.
 */
export async function startServerProcess(env: Record<string, string | undefined>, launcher: keyof typeof LAUNCHERS = "node"): Promise<ServerProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const { command, args, cwd } = LAUNCHERS[launcher];
  const childEnv: Record<string, string | undefined> = { ...process.env, NODE_ENV: "development", LOG_LEVEL: "info", SEED_DEMO_DATA: "false", PUBLIC_URL: url, ...env };
  for (const [name, value] of Object.entries(childEnv)) if (value === undefined) delete childEnv[name];
  const child = spawn(command, args, {
    cwd,
    env: { ...childEnv, PORT: String(port), HOST: "127.0.0.1" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  child.stderr.on("data", (chunk: Buffer) => {
    output += chunk.toString("utf8");
    stderr += chunk.toString("utf8");
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  let exited = false;
  void exit.then(() => (exited = true));
  await waitUntil(
    `the server at ${url} to answer /healthz`,
    async () => {
      if (exited) throw new Error(`the server exited before it was ready:\n${output}`);
      return fetch(`${url}/healthz`).then((response) => response.ok, () => false);
    },
    READY_TIMEOUT_MS,
  );
  return {
    url,
    pid: child.pid!,
    output: () => output,
    stderr: () => stderr,
    kill: (signal, target = "process") => {
      if (target === "group") process.kill(-child.pid!, signal);
      else child.kill(signal);
    },
    exit,
  };
}
