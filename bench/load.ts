// Drives load from this process while the server runs in another: a closed load (each connection
// sends again once answered) with autocannon's programmatic API, and an open load at a fixed rate
// with requests paced evenly in time (autocannon's rate sends each connection's quota for the
// second at once, a burst at every second's start, not clients on their own clocks).
import http from "node:http";
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
   * reporting on their own clock), instead of each connection sending again once answered: one
   * request every 1/rate s, over at most `connections` keep-alive sockets. A request's latency is
   * measured from when it was due, so a server that falls behind is not excused by a sender that
   * waited for a free socket (coordinated omission).
   */
  overallRate?: number;
  /** Headers and body that connection number `index` (0-based) repeats. */
  requestFor(index: number): ConnectionRequest;
  /** Whether a 2xx response body is a real success; non-2xx statuses are counted anyway. */
  isSuccess(body: string): boolean;
  /**
   * Processes whose CPU per answered request the row reports (`Measurement.cpuMsPerRequest`): by
   * label, a reader of the process's CPU milliseconds so far (`processTreeCpuMs`), read right
   * before and after the measured load, so the sample and the warm-up are left out.
   */
  cpuMsOf?: Record<string, () => number>;
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

/** The value below which `share` of the sorted values lie (nearest rank). */
function percentile(sorted: number[], share: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)]! : 0;
}

/** One request of an open load: its answer's status and body, or the error that ended it. */
function send(agent: http.Agent, spec: LoadSpec, made: { headers: Record<string, string>; body?: string }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(spec.url, { method: spec.method, agent, headers: made.headers, timeout: REQUEST_TIMEOUT_SECONDS * 1000 }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
      response.on("error", reject);
    });
    request.on("timeout", () => request.destroy(new Error("timed out")));
    request.on("error", reject);
    request.end(made.body);
  });
}

/** An open load: request k is due at k/rate s; every request sent is awaited (or times out). */
async function firePaced(spec: LoadSpec, rate: number, durationSeconds: number): Promise<Measurement> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: spec.connections });
  const connection = spec.requestFor(0);
  const latencies: number[] = [];
  const counts = { errors: 0, non2xx: 0, failedBodies: 0 };
  const inFlight: Promise<void>[] = [];
  const start = performance.now();
  const total = Math.round(rate * durationSeconds);
  for (let k = 0; k < total; k += 1) {
    const due = start + (k * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const made = connection.next?.() ?? { headers: connection.headers, body: connection.body };
    inFlight.push(
      send(agent, spec, made).then(
        ({ status, body }) => {
          latencies.push(performance.now() - due);
          const success = status >= 200 && status < 300 && spec.isSuccess(body);
          if (status < 200 || status >= 300) counts.non2xx += 1;
          else if (!success) counts.failedBodies += 1;
          (made as { answered?(success: boolean): void }).answered?.(success);
        },
        () => void (counts.errors += 1),
      ),
    );
  }
  const sentFor = (performance.now() - start) / 1000;
  await Promise.all(inFlight);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    name: spec.name,
    connections: spec.connections,
    durationSeconds: Number(sentFor.toFixed(2)),
    requests: latencies.length,
    requestsPerSecond: latencies.length / sentFor,
    p50Ms: Math.round(percentile(latencies, 0.5)),
    p99Ms: Math.round(percentile(latencies, 0.99)),
    ...counts,
  };
}

/** The measured load alone, after the warm-up. */
async function measured(spec: LoadSpec): Promise<Measurement> {
  if (spec.overallRate) return firePaced(spec, spec.overallRate, spec.durationSeconds);
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

/** Each of `readers`' CPU milliseconds so far, by label. */
function readCpuMs(readers: Record<string, () => number>): Record<string, number> {
  return Object.fromEntries(Object.entries(readers).map(([label, read]) => [label, read()]));
}

export async function measureLoad(spec: LoadSpec): Promise<Measurement> {
  await checkSample(spec);
  if (spec.overallRate) await firePaced(spec, spec.overallRate, WARM_UP_SECONDS);
  else await fire(spec, WARM_UP_SECONDS);
  if (!spec.cpuMsOf) return measured(spec);
  const before = readCpuMs(spec.cpuMsOf);
  const measurement = await measured(spec);
  const after = readCpuMs(spec.cpuMsOf);
  const cpuMsPerRequest = Object.fromEntries(Object.keys(after).map((label) => [label, (after[label]! - before[label]!) / measurement.requests]));
  return { ...measurement, cpuMsPerRequest };
}
