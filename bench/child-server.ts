// A server under test in a child process of its own, so it gets a core while autocannon drives
// load from the runner: started, waited for until a readiness URL answers, and stopped.
import { spawn } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import { freePort } from "../server/test/support/test-database.ts";

const READY_TIMEOUT_MS = 90_000;
const READY_POLL_MS = 200;
const STOP_TIMEOUT_MS = 10_000;
const OUTPUT_LINES_KEPT = 50;

export interface ChildServer {
  /** Base URL, e.g. http://127.0.0.1:41234 (no trailing slash). */
  url: string;
  /** The server's process id, for reading its memory from /proc. */
  pid: number;
  /** The last lines the server printed, to explain a failure. */
  recentOutput(): string;
  stop(): Promise<void>;
}

export interface ChildServerSpec {
  /** Names the server in error messages. */
  name: string;
  /** Arguments to this Node binary; the entry file is relative to `cwd`. */
  nodeArgs: string[];
  cwd: string;
  /** Added to this process's environment; PORT and HOST are set here. */
  env: Record<string, string>;
  /** Path that answers 2xx once the server can take load. */
  readyPath: string;
}

export async function startChildServer(spec: ChildServerSpec): Promise<ChildServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, spec.nodeArgs, {
    cwd: spec.cwd,
    env: { ...process.env, ...spec.env, HOST: "127.0.0.1", PORT: String(port) },
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
    if (hasExited) throw new Error(`The ${spec.name} exited before it was ready:\n${recentOutput()}`);
    const ready = await fetch(`${url}${spec.readyPath}`).then((response) => response.ok, () => false);
    if (ready) return { url, pid: child.pid!, recentOutput, stop };
    await sleep(READY_POLL_MS);
  }
  await stop();
  throw new Error(`The ${spec.name} was not ready within ${READY_TIMEOUT_MS / 1000} s:\n${recentOutput()}`);
}
