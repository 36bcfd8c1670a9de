// What a benchmark scenario is, and what the runner hands it.

export interface BenchContext {
  /** Base URL of the API server under load, e.g. http://127.0.0.1:41234 (no trailing slash). */
  apiUrl: string;
  /** Process id of the API server, for reading its memory from /proc. */
  apiPid: number;
  /** The run's fresh database, for scenarios that seed more than the API can quickly make. */
  databaseUrl: string;
  /**
   * PostgreSQL's postmaster, for reading its processes' CPU from /proc; undefined when the server
   * does not run on this machine. A shared DATABASE_URL server's other databases count too.
   */
  postgresPid?: number;
  /** Seconds each measured run lasts instead of the scenario's own choice (--duration). */
  durationOverride?: number;
}

/** One row of the results table: a load of one kind against one server. */
export interface Measurement {
  name: string;
  connections: number;
  durationSeconds: number;
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Connection errors and timeouts. */
  errors: number;
  non2xx: number;
  /** 2xx responses whose body was not a success (for GraphQL: an `errors` entry or no data). */
  failedBodies: number;
  /**
   * CPU milliseconds per answered request over the measured load, of each process the load named
   * (`LoadSpec.cpuMsOf`), by its label: the server under load, PostgreSQL.
   */
  cpuMsPerRequest?: Record<string, number>;
}

/** A target a scenario's figures should reach, and whether this run reached it. */
export interface TargetCheck {
  /** What was measured against what, e.g. "p99 87 ms < 100 ms". */
  description: string;
  met: boolean;
}

/**
 * A scenario seeds what it needs through the public API in `setup`, then measures in `run`.
 * `run` answers one row per load, so a scenario can compare the API with a baseline server.
 */
export interface Scenario<Prepared = unknown> {
  name: string;
  /** What the figures mean, one sentence. */
  description: string;
  setup(context: BenchContext): Promise<Prepared>;
  run(context: BenchContext, prepared: Prepared): Promise<Measurement[]>;
  /** The scenario's targets checked against the rows `run` answered. */
  checkTargets?(measurements: Measurement[]): TargetCheck[];
}

/** Figures that are not a request load (an upload's MB/s and memory, say): a table of their own. */
export interface FigureTable {
  title: string;
  /** One object per row; its keys are the column titles, in order. */
  rows: Record<string, string | number>[];
}

/** A scenario that measures something other than a request load, and checks its own targets. */
export interface FigureScenario<Prepared = unknown> {
  name: string;
  /** What the figures mean, one sentence. */
  description: string;
  setup(context: BenchContext): Promise<Prepared>;
  measure(context: BenchContext, prepared: Prepared): Promise<{ table: FigureTable; targetChecks: TargetCheck[] }>;
}

export type AnyScenario = Scenario | FigureScenario;

export function failuresOf(measurement: Measurement): number {
  return measurement.errors + measurement.non2xx + measurement.failedBodies;
}
