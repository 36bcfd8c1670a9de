// The API under test in its own process, configured as in production but for the throttles.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { REPOSITORY_ROOT } from "../server/src/platform/paths.ts";
import { startChildServer, type ChildServer } from "./child-server.ts";

/** High enough that the bench measures the server, not the limiter that guards it. */
const UNTHROTTLED = "1000000000";
/** The bearer token of the API's GET /metrics, which scenarios read (running subscriptions, say). */
export const BENCH_METRICS_TOKEN = randomBytes(16).toString("hex");

export type ApiServer = ChildServer;

/**
 * BENCH_CPU_PROFILE=<folder> runs the API with --cpu-prof: a .cpuprofile lands in the folder
 * when the server stops (open it in Chrome DevTools or speedscope).
 */
function profilingArgs(): string[] {
  const folder = process.env.BENCH_CPU_PROFILE;
  return folder ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(folder)}`] : [];
}

/**
 * The API's DATA_DIR (uploaded and processed videos) is a temporary folder, removed when it stops.
 * `env` adds to the configuration (a scenario's second server with a model endpoint, say).
 */
export async function startApiServer(databaseUrl: string, env: Record<string, string> = {}): Promise<ApiServer> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "lms-bench-data-"));
  const removeDataDir = () => rmSync(dataDir, { recursive: true, force: true });
  let server: ChildServer;
  try {
    server = await startChildServer({
      name: "API server",
      // The young generation's size as server/package.json's start script (the Dockerfile's CMD) sets it.
      nodeArgs: [...profilingArgs(), "--max-semi-space-size=64", "-r", "@swc-node/register", "src/main.ts"],
      cwd: path.join(REPOSITORY_ROOT, "server"),
      env: {
        NODE_ENV: "production",
        DATABASE_URL: databaseUrl,
        DATA_DIR: dataDir,
        JWT_SECRET: randomBytes(32).toString("hex"),
        MEDIA_SIGNING_KEY: randomBytes(32).toString("hex"),
        // No scenario pays: the local provider, which production refuses unless asked for.
        PAYMENTS_PROVIDER: "local",
        LOG_LEVEL: "warn",
        SEED_DEMO_DATA: "false",
        AUTH_IP_LIMIT_PER_MINUTE: UNTHROTTLED,
        SIGN_IN_FAILURES_PER_HOUR: UNTHROTTLED,
        API_REQUESTS_PER_MINUTE: UNTHROTTLED,
        TUTOR_DAILY_TOKENS: UNTHROTTLED,
        TUTOR_REQUESTS_PER_MINUTE: "1000",
        // All the subscriptions scenario's sockets come from 127.0.0.1.
        WEBSOCKET_CONNECTIONS_PER_ADDRESS: "100000",
        METRICS_TOKEN: BENCH_METRICS_TOKEN,
        ...env,
      },
      readyPath: "/readyz",
    });
  } catch (error) {
    removeDataDir();
    throw error;
  }
  return {
    ...server,
    stop: async () => {
      try {
        await server.stop();
      } finally {
        removeDataDir();
      }
    },
  };
}
