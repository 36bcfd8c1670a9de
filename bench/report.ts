// The results table for people, and the JSON record of the run under bench/results/.
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { FigureTable, Measurement, TargetCheck } from "./scenario.ts";

export interface BenchRun {
  startedAt: Date;
  /** One-minute load average when the run began: other work on the machine skews the figures. */
  loadAverageAtStart: number;
  database: string;
  /** `SHOW server_version` of the run's database server. */
  postgresVersion: string;
  measurements: Measurement[];
  /** Tables of the scenarios whose figures are not request loads. */
  figureTables: (FigureTable & { scenario: string })[];
  targetChecks: (TargetCheck & { scenario: string })[];
  /** Scenarios that could not be measured, with the reason. */
  failedScenarios: { name: string; error: string }[];
}

interface Column {
  title: string;
  value(m: Measurement): string;
}

/**
 * A column per process whose CPU some row measured, blank for the other rows. Ordered by where rows
 * name them, then by first appearance: each row's server (API, baseline) before PostgreSQL.
 */
function cpuColumns(measurements: Measurement[]): Column[] {
  const placeInRow = new Map<string, number>();
  for (const m of measurements) {
    Object.keys(m.cpuMsPerRequest ?? {}).forEach((label, place) => placeInRow.set(label, placeInRow.get(label) ?? place));
  }
  // A stable sort: labels in the same place keep the order they first appeared in.
  const labels = [...placeInRow.keys()].sort((a, b) => placeInRow.get(a)! - placeInRow.get(b)!);
  return labels.map((label) => ({ title: `${label} CPU ms/req`, value: (m) => m.cpuMsPerRequest?.[label]?.toFixed(1) ?? "" }));
}

function columnsFor(measurements: Measurement[]): Column[] {
  return [
    { title: "scenario", value: (m) => m.name },
    { title: "connections", value: (m) => String(m.connections) },
    { title: "duration s", value: (m) => String(m.durationSeconds) },
    { title: "requests", value: (m) => String(m.requests) },
    { title: "req/s", value: (m) => m.requestsPerSecond.toFixed(1) },
    ...cpuColumns(measurements),
    { title: "p50 ms", value: (m) => m.p50Ms.toFixed(1) },
    { title: "p99 ms", value: (m) => m.p99Ms.toFixed(1) },
    { title: "errors/non-2xx/bad body", value: (m) => `${m.errors}/${m.non2xx}/${m.failedBodies}` },
  ];
}

export function formatTable(measurements: Measurement[]): string {
  const columns = columnsFor(measurements);
  const rows = [columns.map((c) => c.title), ...measurements.map((m) => columns.map((c) => c.value(m)))];
  const widths = columns.map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  const line = (row: string[]) =>
    `| ${row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join(" | ")} |`;
  const rule = `|${widths.map((width, column) => (column === 0 ? `:${"-".repeat(width + 1)}` : `${"-".repeat(width + 1)}:`)).join("|")}|`;
  return [line(rows[0]), rule, ...rows.slice(1).map(line)].join("\n");
}

/** A scenario's own table: its title, then its rows with the first row's keys as columns. */
export function formatFigureTable(table: FigureTable): string {
  const columns = Object.keys(table.rows[0] ?? {});
  const rows = [columns, ...table.rows.map((row) => columns.map((column) => String(row[column] ?? "")))];
  const widths = columns.map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  const line = (row: string[]) => `| ${row.map((cell, column) => cell.padEnd(widths[column])).join(" | ")} |`;
  const rule = `|${widths.map((width) => "-".repeat(width + 2)).join("|")}|`;
  return [table.title, line(rows[0]), rule, ...rows.slice(1).map(line)].join("\n");
}

export function machineDescription(): { cpus: number; cpuModel: string; memoryGiB: number; node: string; platform: string } {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? "unknown",
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
}

/** Writes bench/results/<timestamp>.json and answers its path. */
export function writeResults(run: BenchRun): string {
  const folder = path.join(__dirname, "results");
  mkdirSync(folder, { recursive: true });
  const file = path.join(folder, `${run.startedAt.toISOString().replace(/[:.]/g, "-")}.json`);
  writeFileSync(file, `${JSON.stringify({ ...run, machine: machineDescription() }, null, 2)}\n`);
  return file;
}
