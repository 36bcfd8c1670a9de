// CPU time of other processes (a server under load, PostgreSQL's), read from /proc on Linux. CPU per
// request is steadier than req/s on a shared machine: other work takes a server's turns on the cores,
// which req/s counts and CPU time does not. Not immune: work beside it still costs it caches.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

/** The unit of utime, stime, cutime and cstime in /proc/<pid>/stat (USER_HZ, 100 on Linux). */
const CLOCK_TICKS_PER_SECOND = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }));

interface ProcessStat {
  pid: number;
  /** The executable's name (at most 15 characters), e.g. "postgres" or "node". */
  command: string;
  parentPid: number;
  /** Its own user and system time, and that of its children that ended and were waited for. */
  cpuTicks: number;
}

/** /proc/<pid>/stat, or undefined when the process has gone (or never was). */
function readStat(pid: number): ProcessStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return undefined;
  }
  // The command name sits in parentheses and may hold spaces or ")": the numbered fields follow the last ")".
  const commandEnd = text.lastIndexOf(")");
  const fields = text.slice(commandEnd + 2).split(" ");
  /** Field `n` as proc(5) numbers them; `fields` starts at field 3 (the state). */
  const field = (n: number) => Number(fields[n - 3]);
  return {
    pid,
    command: text.slice(text.indexOf("(") + 1, commandEnd),
    parentPid: field(4),
    cpuTicks: field(14) + field(15) + field(16) + field(17),
  };
}

/**
 * CPU milliseconds used so far by `rootPid` and every process below it (PostgreSQL's backends are
 * children of its postmaster). A child that ends is counted once: its time moves into its parent's
 * cutime/cstime when the parent waits for it, so a backend that exits during a load still counts.
 */
export function processTreeCpuMs(rootPid: number): number {
  const stats = readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readStat(Number(name)))
    .filter((stat) => stat !== undefined);
  const root = stats.find((stat) => stat.pid === rootPid);
  if (!root) throw new Error(`No process ${rootPid} in /proc`);
  const childrenOf = new Map<number, ProcessStat[]>();
  for (const stat of stats) {
    const siblings = childrenOf.get(stat.parentPid);
    if (siblings) siblings.push(stat);
    else childrenOf.set(stat.parentPid, [stat]);
  }
  let ticks = 0;
  for (const pending = [root]; pending.length; ) {
    const process = pending.pop()!;
    ticks += process.cpuTicks;
    pending.push(...(childrenOf.get(process.pid) ?? []));
  }
  return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
}

/**
 * The postmaster that forked the PostgreSQL backend `backendPid` (a session's pg_backend_pid()), or
 * undefined when that pid is no PostgreSQL backend of this machine (a server elsewhere, or in a
 * container with pids of its own).
 */
export function postmasterOf(backendPid: number): number | undefined {
  const backend = readStat(backendPid);
  const parent = backend && readStat(backend.parentPid);
  return backend?.command === "postgres" && parent?.command === "postgres" ? parent.pid : undefined;
}
