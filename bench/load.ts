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
  /**
   * A new request for every one the connection sends (the sample's too), instead of repeating
   * `headers` and `body`; `answered` hears whether its answer was a success.
   */
  next?(): { headers: Record<string, string>; body: string; answered?(success: boolean): void };
}

/** What a connection remembers of its request in flight (one at a time: no pipelining). */
interface InFlight {
  answered?(success: boolean): void;
}

export interface LoadSpec {
  /** Row label in the results table. */
  name: string;
  /** Full URL every request goes to. */
  url: string;
  method: "GET" | "POST";
  connections: number;
  durationSeconds: number;
  /**
   * Requests per second from all connections together (an open load, as many clients each
   * reporting on their own clock), instead of each connection sending again once answered.
   * Latencies are then corrected for coordinated omission (autocannon's default).
   */
  overallRate?: number;
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
  const request = spec.requestFor(0);
  const { headers, body, answered }: { headers: Record<string, string>; body?: string; answered?(success: boolean): void } = request.next?.() ?? request;
  const response = await fetch(spec.url, { method: spec.method, headers, body });
  const text = await response.text();
  const success = response.status === 200 && spec.isSuccess(text);
  answered?.(success);
  if (!success) {
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
    ...(spec.overallRate ? { overallRate: spec.overallRate } : {}),
    setupClient: (client) => {
      const { headers, body, next } = spec.requestFor(nextIndex++);
      const setupRequest = (request: autocannon.Request, inFlight: InFlight) => {
        const made = next!();
        inFlight.answered = made.answered;
        return { ...request, headers: made.headers, body: made.body };
      };
      client.setRequests([
        {
          method: spec.method,
          headers,
          body,
          ...(next ? { setupRequest: setupRequest as (request: autocannon.Request, context: object) => autocannon.Request } : {}),
          onResponse: (status, responseBody, inFlight: InFlight) => {
            const success = status >= 200 && status < 300 && spec.isSuccess(responseBody);
            if (status >= 200 && status < 300 && !success) failedBodies += 1;
            inFlight.answered?.(success);
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
