// The API under test in its own process (so it gets a core of its own while autocannon
// drives load from this one), configured as in production but for the throttles.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { REPOSITORY_ROOT } from "../server/src/platform/paths.ts";
import { freePort } from "./ports.ts";

const READY_TIMEOUT_MS = 90_000;
const READY_POLL_MS = 200;
const STOP_TIMEOUT_MS = 10_000;
const OUTPUT_LINES_KEPT = 50;
/** High enough that the bench measures the server, not the limiter that guards it. */
const UNTHROTTLED = "1000000000";

export interface ApiServer {
  url: string;
  /** The last lines the server printed, to explain a failure. */
  recentOutput(): string;
  stop(): Promise<void>;
}

export async function startApiServer(databaseUrl: string): Promise<ApiServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ["-r", "@swc-node/register", "src/main.ts"], {
    cwd: path.join(REPOSITORY_ROOT, "server"),
    env: {
      ...process.env,
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      JWT_SECRET: randomBytes(32).toString("hex"),
      LOG_LEVEL: "warn",
      SEED_DEMO_DATA: "false",
      AUTH_IP_LIMIT_PER_MINUTE: UNTHROTTLED,
      SIGN_IN_FAILURES_PER_HOUR: UNTHROTTLED,
      API_REQUESTS_PER_MINUTE: UNTHROTTLED,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });

  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(...chunk.toString().split("\n").filter(Boolean));
    output.splice(0, Math.max(0, output.length - OUTPUT_LINES_KEPT));
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  let hasExited = false;
  void exited.then(() => {
    hasExited = true;
  });
  const recentOutput = () => output.join("\n");

  const stop = async () => {
    if (hasExited) return;
    child.kill("SIGTERM");
    const stopped = await Promise.race([exited.then(() => true), sleep(STOP_TIMEOUT_MS).then(() => false)]);
    if (!stopped) {
      child.kill("SIGKILL");
      await exited;
    }
  };

  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (hasExited) throw new Error(`The API server exited before it was ready:\n${recentOutput()}`);
    const ready = await fetch(`${url}/readyz`).then((response) => response.ok, () => false);
    if (ready) return { url, recentOutput, stop };
    await sleep(READY_POLL_MS);
  }
  await stop();
  throw new Error(`The API server was not ready within ${READY_TIMEOUT_MS / 1000} s:\n${recentOutput()}`);
}
