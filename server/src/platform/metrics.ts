// GET /metrics in Prometheus' text format (prom-client): what an operator graphs and alerts on.
// Requests by route and status, GraphQL operations by name, type and outcome, errors by code, open
// WebSocket connections and subscriptions, the database pool, the job queues, how long domain
// events wait, and Node's own (event-loop lag, memory, GC). Figures that live in the database are
// read when scraped, in two statements.
import { timingSafeEqual } from "node:crypto";
import type { ApolloServerPlugin } from "@apollo/server";
import { Router, type RequestHandler } from "express";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { Context } from "./context.ts";
import { poolUnder, type Database } from "./db.ts";
import { codeOf } from "./errors.ts";

export const METRICS_PATH = "/metrics";
/** Operation names are the client's to choose: past this many, new ones are counted as OTHER_OPERATIONS. */
const MAX_OPERATION_NAMES = 500;
const OTHER_OPERATIONS = "other";
const ANONYMOUS_OPERATION = "anonymous";
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export interface MetricsSources {
  db: Database;
  /** Open WebSocket connections and running subscriptions, read when scraped. */
  webSockets(): { connections: number; subscriptions: number };
}

export interface Metrics {
  /** Times every HTTP request by route and status; mount first. */
  requestTiming: RequestHandler;
  graphqlPlugin: ApolloServerPlugin<Context>;
  /** GET /metrics: with `token`, only for `Authorization: Bearer <token>`; without one, open unless `closed`. */
  routes(access: { token?: string; closed: boolean }): Router;
  /** Counts an error of an operation over WebSocket as errors over HTTP are counted. */
  countErrors(errors: readonly unknown[]): void;
}

/** The route a path belongs to, as a label of few values (paths carry ids and keys). */
function routeOf(path: string): string {
  if (path === "/graphql") return "graphql";
  if (path === "/healthz" || path === "/readyz") return "health";
  if (path === METRICS_PATH) return "metrics";
  if (path.startsWith("/media/")) return "media";
  if (path.startsWith("/webhooks/")) return "webhooks";
  return "other";
}

export function createMetrics(sources: MetricsSources): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const requestDuration = new Histogram({
    name: "http_request_duration_seconds",
    help: "HTTP requests by method, route and status code.",
    labelNames: ["method", "route", "status_code"],
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
  const operationDuration = new Histogram({
    name: "graphql_operation_duration_seconds",
    help: "GraphQL operations over HTTP by operation name, type and outcome (ok: no error in the answer).",
    labelNames: ["operation", "type", "outcome"],
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
  const errorsByCode = new Counter({
    name: "graphql_errors_total",
    help: "Errors in GraphQL answers (HTTP and WebSocket) by extensions.code.",
    labelNames: ["code"],
    registers: [registry],
  });
  new Gauge({
    name: "websocket_connections",
    help: "Open GraphQL WebSocket connections.",
    registers: [registry],
    collect() {
      this.set(sources.webSockets().connections);
    },
  });
  new Gauge({
    name: "graphql_subscriptions",
    help: "Running GraphQL subscriptions.",
    registers: [registry],
    collect() {
      this.set(sources.webSockets().subscriptions);
    },
  });
  const pool = poolUnder(sources.db);
  new Gauge({
    name: "db_pool_connections",
    help: "The database pool's connections (total, idle) and the queries waiting for one (waiting).",
    labelNames: ["state"],
    registers: [registry],
    collect() {
      this.set({ state: "total" }, pool.totalCount);
      this.set({ state: "idle" }, pool.idleCount);
      this.set({ state: "waiting" }, pool.waitingCount);
    },
  });
  const jobs = new Gauge({
    name: "jobs",
    help: "Jobs by queue and state (created and retry: waiting; active: running; failed: failed after their attempts, until archived).",
    labelNames: ["queue", "state"],
    registers: [registry],
  });
  const domainEventLag = new Gauge({
    name: "domain_event_lag_seconds",
    help: "How long the oldest domain event not yet delivered to every listener has waited (0 when none waits).",
    registers: [registry],
  });

  /** The database's figures, read once per scrape. */
  async function readStoredFigures(): Promise<void> {
    const [queues, [{ lag }]] = await Promise.all([
      sources.db.$queryRaw<{ queue: string; state: string; count: number }[]>`
        SELECT name AS queue, state::text AS state, count(*)::int AS count FROM pgboss.job
        WHERE state IN ('created', 'retry', 'active', 'failed') GROUP BY 1, 2`,
      sources.db.$queryRaw<{ lag: number }[]>`
        SELECT coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8 AS lag FROM domain_events WHERE settled_at IS NULL`,
    ]);
    jobs.reset();
    for (const { queue, state, count } of queues) jobs.set({ queue, state }, count);
    domainEventLag.set(lag);
  }

  const operationNames = new Set<string>();
  const operationLabel = (name: string | null | undefined) => {
    if (!name) return ANONYMOUS_OPERATION;
    if (operationNames.has(name)) return name;
    if (operationNames.size >= MAX_OPERATION_NAMES) return OTHER_OPERATIONS;
    operationNames.add(name);
    return name;
  };
  const countErrors = (errors: readonly unknown[]) => {
    for (const error of errors) errorsByCode.inc({ code: codeOf(error) ?? "INTERNAL_SERVER_ERROR" });
  };

  return {
    requestTiming: (req, res, next) => {
      const stop = requestDuration.startTimer({ method: req.method, route: routeOf(req.path) });
      res.once("finish", () => stop({ status_code: res.statusCode }));
      next();
    },
    graphqlPlugin: {
      async requestDidStart() {
        const stop = operationDuration.startTimer();
        return {
          async willSendResponse({ operation, operationName, errors }) {
            stop({ operation: operationLabel(operationName), type: operation?.operation ?? "none", outcome: errors?.length ? "error" : "ok" });
            if (errors) countErrors(errors);
          },
        };
      },
    },
    countErrors,
    routes({ token, closed }) {
      const router = Router();
      router.get(METRICS_PATH, async (req, res, next) => {
        if (!token && closed) {
          next();
          return;
        }
        if (token && !bearerMatches(req.headers.authorization, token)) {
          res.status(401).setHeader("WWW-Authenticate", 'Bearer realm="metrics"').type("text/plain").send("A valid metrics token is required.");
          return;
        }
        try {
          await readStoredFigures();
          res.setHeader("Content-Type", registry.contentType);
          res.setHeader("Cache-Control", "no-store");
          res.send(await registry.metrics());
        } catch (error) {
          next(error);
        }
      });
      return router;
    },
  };
}

function bearerMatches(authorization: string | undefined, token: string): boolean {
  const given = Buffer.from(authorization?.startsWith("Bearer ") ? authorization.slice("Bearer ".length) : "");
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
