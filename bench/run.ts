// `npm run bench [-- scenario... --duration=<seconds>]`: a fresh database, the API in a child
// process, each scenario's load from this process, then a table and a JSON record.
import os from "node:os";
import { parseArgs } from "node:util";
import { startApiServer, type ApiServer } from "./api-server.ts";
import { provideBenchDatabase, type BenchDatabase } from "./database.ts";
import { formatFigureTable, formatTable, writeResults, type BenchRun } from "./report.ts";
import { failuresOf, type AnyScenario, type BenchContext } from "./scenario.ts";
import { SCENARIOS } from "./scenarios/index.ts";

const USAGE = `Usage: npm run bench [-- [scenario...] [--duration=<seconds>]]
Scenarios:
${SCENARIOS.map((scenario) => `  ${scenario.name.padEnd(10)} ${scenario.description}`).join("\n")}`;

/** Keeps a mistyped --duration from turning into an hour-long run. */
const MAX_DURATION_SECONDS = 120;

interface Invocation {
  scenarios: AnyScenario[];
  durationOverride?: number;
}

function parseInvocation(args: string[]): Invocation {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { duration: { type: "string" }, help: { type: "boolean" } },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const unknown = positionals.filter((name) => !SCENARIOS.some((scenario) => scenario.name === name));
  if (unknown.length) throw new Error(`Unknown scenario ${unknown.join(", ")}.\n${USAGE}`);
  const duration = values.duration === undefined ? undefined : Number(values.duration);
  if (duration !== undefined && !(Number.isInteger(duration) && duration >= 1 && duration <= MAX_DURATION_SECONDS)) {
    throw new Error(`--duration must be a whole number of seconds from 1 to ${MAX_DURATION_SECONDS}.`);
  }
  return {
    scenarios: positionals.length ? SCENARIOS.filter((scenario) => positionals.includes(scenario.name)) : SCENARIOS,
    durationOverride: duration,
  };
}

async function runScenarios(invocation: Invocation, context: BenchContext, run: BenchRun): Promise<void> {
  for (const scenario of invocation.scenarios) {
    try {
      console.error(`- ${scenario.name}: setting up`);
      const prepared = await scenario.setup(context);
      console.error(`- ${scenario.name}: measuring`);
      if ("measure" in scenario) {
        const { table, targetChecks } = await scenario.measure(context, prepared);
        run.figureTables.push({ scenario: scenario.name, ...table });
        for (const check of targetChecks) run.targetChecks.push({ scenario: scenario.name, ...check });
        continue;
      }
      const measurements = await scenario.run(context, prepared);
      run.measurements.push(...measurements);
      for (const check of scenario.checkTargets?.(measurements) ?? []) run.targetChecks.push({ scenario: scenario.name, ...check });
    } catch (error) {
      run.failedScenarios.push({ name: scenario.name, error: error instanceof Error ? error.message : String(error) });
    }
  }
}

async function main(): Promise<void> {
  const invocation = parseInvocation(process.argv.slice(2));
  let database: BenchDatabase | undefined;
  let server: ApiServer | undefined;
  let stopping: Promise<void> | undefined;
  const stopAll = () =>
    (stopping ??= (async () => {
      try {
        await server?.stop();
      } finally {
        await database?.stop();
      }
    })());
  process.once("SIGINT", () => void stopAll().finally(() => process.exit(130)));

  const run: BenchRun = {
    startedAt: new Date(),
    loadAverageAtStart: os.loadavg()[0],
    database: "",
    postgresVersion: "",
    measurements: [],
    figureTables: [],
    targetChecks: [],
    failedScenarios: [],
  };
  try {
    console.error("- starting a fresh database and the API server");
    database = await provideBenchDatabase();
    run.database = database.server;
    run.postgresVersion = database.version;
    server = await startApiServer(database.url);
    const context: BenchContext = {
      apiUrl: server.url,
      apiPid: server.pid,
      databaseUrl: database.url,
      postgresPid: database.postmasterPid,
      durationOverride: invocation.durationOverride,
    };
    await runScenarios(invocation, context, run);
    if (run.failedScenarios.length || run.measurements.some((m) => failuresOf(m) > 0)) {
      console.error(`Recent API server output:\n${server.recentOutput() || "(none)"}`);
    }
  } finally {
    await stopAll();
  }

  if (run.measurements.length) console.log(`\n${formatTable(run.measurements)}\n`);
  for (const table of run.figureTables) console.log(`\n${formatFigureTable(table)}\n`);
  console.log(`Load average at start: ${run.loadAverageAtStart.toFixed(2)} on ${os.cpus().length} cores.`);
  if (database) {
    const cpu = database.postmasterPid ? `its CPU read from postmaster ${database.postmasterPid}'s processes` : "not on this machine, so no PostgreSQL CPU";
    console.log(`PostgreSQL ${run.postgresVersion} (${run.database}), ${cpu}.`);
  }
  for (const check of run.targetChecks) console.log(`${check.met ? "MET" : "MISSED"} ${check.scenario}: ${check.description}`);
  for (const failed of run.failedScenarios) console.log(`FAILED ${failed.name}: ${failed.error}`);
  const failedRequests = run.measurements.reduce((sum, m) => sum + failuresOf(m), 0);
  if (failedRequests) console.log(`WARNING: ${failedRequests} requests failed; figures that include failures are not trustworthy.`);
  console.log(`Recorded in ${writeResults(run)}`);
  if (run.failedScenarios.length || failedRequests) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
