// Drives load with autocannon's programmatic API in this process, while the server runs in another.
import autocannon from "autocannon";
import type { Measurement } from "./scenario.ts";

/** Unmeasured load first, so JIT compilation and pool connections do not colour the figures. */
const WARM_UP_SECONDS = 2;
/** Seconds a single request may take before autocannon counts it as a timeout. */
const REQUEST_TIMEOUT_SECONDS = 10;

export interface ConnectionRequest {
  headers: Record<string, string>;
  body?: string;
}

export interface LoadSpec {
  /** Row label in the results table. */
  name: string;
  /** Full URL every request goes to. */
  url: string;
  method: "GET" | "POST";
  connections: number;
  durationSeconds: number;
  /** Headers and body that connection number `index` (0-based) repeats. */
  requestFor(index: number): ConnectionRequest;
  /** Whether a 2xx response body is a real success; non-2xx statuses are counted anyway. */
  isSuccess(body: string): boolean;
}

/**
 * Sends connection 0's request once and refuses to measure unless it succeeds:
 * a benchmark of error responses is worthless.
 */
async function checkSample(spec: LoadSpec): Promise<void> {
  const { headers, body } = spec.requestFor(0);
  const response = await fetch(spec.url, { method: spec.method, headers, body });
  const text = await response.text();
  if (response.status !== 200 || !spec.isSuccess(text)) {
    throw new Error(`${spec.name}: the sample request failed (HTTP ${response.status}): ${text.slice(0, 500)}`);
  }
}

interface LoadResult {
  result: autocannon.Result;
  /** 2xx responses whose body `isSuccess` refused; non-2xx ones autocannon counts itself. */
  failedBodies: number;
}

async function fire(spec: LoadSpec, durationSeconds: number): Promise<LoadResult> {
  let nextIndex = 0;
  let failedBodies = 0;
  const result = await autocannon({
    url: spec.url,
    connections: spec.connections,
    duration: durationSeconds,
    timeout: REQUEST_TIMEOUT_SECONDS,
    setupClient: (client) => {
      const { headers, body } = spec.requestFor(nextIndex++);
      client.setRequests([
        {
          method: spec.method,
          headers,
          body,
          onResponse: (status, responseBody) => {
            if (status >= 200 && status < 300 && !spec.isSuccess(responseBody)) failedBodies += 1;
          },
        },
      ]);
    },
  });
  return { result, failedBodies };
}

export async function measureLoad(spec: LoadSpec): Promise<Measurement> {
  await checkSample(spec);
  await fire(spec, WARM_UP_SECONDS);
  const { result, failedBodies } = await fire(spec, spec.durationSeconds);
  return {
    name: spec.name,
    connections: result.connections,
    durationSeconds: result.duration,
    requests: result.requests.total,
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
    failedBodies,
  };
}
