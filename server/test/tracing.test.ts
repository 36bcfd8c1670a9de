// Traces over OTLP: a server process with OTEL_EXPORTER_OTLP_ENDPOINT set sends its spans to a
// local OTLP/HTTP peer (the JSON encoding, as a collector receives it). A GraphQL operation is one
// trace: the HTTP request, the operation inside it, and the SQL statements inside that, with
// statement text but no values; a scheduled job is a span holding its own statements; probes are
// not traced, and no password or token reaches the peer.
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { SIGN_UP, uniqueEmail } from "../src/modules/identity/identity.fixtures.ts";
import { startServerProcess, type ServerProcess } from "./support/server-process.ts";
import { createTestDatabase, type TestDatabase } from "./support/test-database.ts";
import { UNTHROTTLED } from "./support/test-server.ts";
import { waitUntil } from "./support/wait.ts";

jest.setTimeout(180_000);

interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  boolValue?: boolean;
}

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  /** 2 server, 3 client, 5 consumer. */
  kind: number;
  attributes: { key: string; value: OtlpValue }[];
}

interface ExportRequest {
  resourceSpans: { resource: { attributes: { key: string; value: OtlpValue }[] }; scopeSpans: { spans: OtlpSpan[] }[] }[];
}

const SPAN_KIND = { server: 2, consumer: 5 } as const;

/** An OTLP/HTTP receiver for traces: keeps each request's body and the spans in it. */
function startOtlpPeer() {
  const bodies: string[] = [];
  const spans: OtlpSpan[] = [];
  const serviceNames = new Set<string>();
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      if (request.method !== "POST" || request.url !== "/v1/traces" || !request.headers["content-type"]?.startsWith("application/json")) {
        response.writeHead(404).end();
        return;
      }
      const body = Buffer.concat(chunks).toString("utf8");
      bodies.push(body);
      for (const resourceSpans of (JSON.parse(body) as ExportRequest).resourceSpans) {
        const service = resourceSpans.resource.attributes.find((attribute) => attribute.key === "service.name");
        if (service?.value.stringValue) serviceNames.add(service.value.stringValue);
        for (const scope of resourceSpans.scopeSpans) spans.push(...scope.spans);
      }
      response.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  return {
    bodies,
    spans,
    serviceNames,
    listen: () => new Promise<string>((resolve) => server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`))),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function attribute(span: OtlpSpan, key: string): string | undefined {
  const value = span.attributes.find((entry) => entry.key === key)?.value;
  return value === undefined ? undefined : String(value.stringValue ?? value.intValue ?? value.boolValue);
}

function isStatement(span: OtlpSpan): boolean {
  return attribute(span, "db.system") === "postgresql" || attribute(span, "db.system.name") === "postgresql";
}

const peer = startOtlpPeer();
let database: TestDatabase;
let dataDir: string;
let server: ServerProcess;

/** Whether `ancestor` is `span`'s parent, or its parent's, and so on. */
function descendsFrom(span: OtlpSpan, ancestor: OtlpSpan): boolean {
  const byId = new Map(peer.spans.map((each) => [each.spanId, each]));
  for (let parent = byId.get(span.parentSpanId ?? ""); parent; parent = byId.get(parent.parentSpanId ?? "")) {
    if (parent.spanId === ancestor.spanId) return true;
  }
  return false;
}

async function graphql(query: string, variables: Record<string, unknown>, token?: string) {
  const response = await fetch(`${server.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: Record<string, any>; errors?: unknown[] };
}

beforeAll(async () => {
  const endpoint = await peer.listen();
  database = await createTestDatabase();
  dataDir = await mkdtemp(path.join(tmpdir(), "tracing-"));
  server = await startServerProcess({
    ...UNTHROTTLED,
    DATABASE_URL: database.url,
    DATA_DIR: dataDir,
    OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
    OTEL_SERVICE_NAME: "lms-tracing-test",
    // The batch goes out this often rather than every 5 s.
    OTEL_BSP_SCHEDULE_DELAY: "100",
    // Every minute: pg-boss sends the first run at start.
    COURSE_POPULARITY_REFRESH_CRON: "* * * * *",
  });
});
afterAll(async () => {
  server?.kill("SIGTERM");
  await server?.exit;
  await peer.close();
  await database?.drop();
  await rm(dataDir, { recursive: true, force: true });
});

test("an operation is one trace: its HTTP request, the operation, and its statements without their values", async () => {
  const email = uniqueEmail("traced");
  const password = `pw-${randomBytes(8).toString("hex")}`;
  const signedUp = await graphql(SIGN_UP, { input: { email, password, displayName: "Tracy Traced" } });
  const { accessToken, refreshToken } = signedUp.data!.signUp as { accessToken: string; refreshToken: string };
  const viewer = await graphql(`query TracedViewer { me { id email } }`, {}, accessToken);
  expect(viewer.data?.me).toMatchObject({ email });
  await fetch(`${server.url}/healthz`);

  const operationSpan = () => peer.spans.find((span) => attribute(span, "graphql.operation.name") === "TracedViewer" && attribute(span, "graphql.operation.type") === "query");
  await waitUntil("the operation's span at the OTLP peer", async () => operationSpan() !== undefined);
  const operation = operationSpan()!;
  const request = peer.spans.find((span) => span.kind === SPAN_KIND.server && span.traceId === operation.traceId && !span.parentSpanId);
  expect(request).toBeDefined();
  expect(request!.name).toMatch(/^POST/);
  expect(descendsFrom(operation, request!)).toBe(true);
  // The session's and the viewer's reads, inside the request (authentication runs before the operation's execution).
  await waitUntil("the request's statements at the peer", async () => peer.spans.some((span) => isStatement(span) && span.traceId === operation.traceId));
  const statements = peer.spans.filter((span) => isStatement(span) && span.traceId === operation.traceId);
  expect(statements.every((span) => descendsFrom(span, request!))).toBe(true);
  expect(statements.some((span) => /\bSELECT\b/i.test(attribute(span, "db.statement") ?? attribute(span, "db.query.text") ?? ""))).toBe(true);
  expect(peer.serviceNames).toEqual(new Set(["lms-tracing-test"]));

  // Nothing secret or personal: no password, no token, no address (statements carry placeholders, not values).
  const exported = peer.bodies.join("\n");
  for (const secret of [password, accessToken, refreshToken, email]) expect(exported).not.toContain(secret);
  // Probes are not traced.
  expect(peer.spans.some((span) => span.kind === SPAN_KIND.server && /healthz/.test(JSON.stringify(span.attributes)))).toBe(false);
});

test("a scheduled job's run is a span holding its statements", async () => {
  const jobSpan = () => peer.spans.find((span) => span.name === "job catalog-popularity-refresh" && span.kind === SPAN_KIND.consumer);
  await waitUntil("the popularity job's span at the OTLP peer", async () => jobSpan() !== undefined, 90_000);
  const job = jobSpan()!;
  expect(attribute(job, "messaging.destination.name")).toBe("catalog-popularity-refresh");
  await waitUntil("the job's statements at the peer", async () => peer.spans.some((span) => isStatement(span) && descendsFrom(span, job)));
});
