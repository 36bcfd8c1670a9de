// What a benchmark scenario is, and what the runner hands it.

export interface BenchContext {
  /** Base URL of the API server under load, e.g. http://127.0.0.1:41234 (no trailing slash). */
  apiUrl: string;
  /** The run's fresh database, for scenarios that seed more than the API can quickly make. */
  databaseUrl: string;
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

export function failuresOf(measurement: Measurement): number {
  return measurement.errors + measurement.non2xx + measurement.failedBodies;
}
