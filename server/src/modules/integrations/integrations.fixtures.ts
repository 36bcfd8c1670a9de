// The integrations module's factories for tests: a webhook receiver on loopback that answers as a
// test tells it (200, 500, or never) and keeps what it was sent, endpoints made through the API or
// straight in the module's tables, a Learning Record Store on loopback, and the operations' documents.
import { randomUUID } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { databaseId } from "../../../test/support/ids.ts";
import type { TestServer } from "../../../test/support/test-server.ts";
import { encryptSecret, newSigningSecret } from "./webhook-secrets.ts";

export const ENDPOINT_FIELDS = /* GraphQL */ `id url description eventTypes enabled disabledReason failingSince course { id }`;
export const DELIVERY_FIELDS = /* GraphQL */ `id messageId eventType payload status attempts responseStatus responseBody error lastAttemptAt nextAttemptAt`;

export const CREATE_ENDPOINT = /* GraphQL */ `
  mutation ($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { secret endpoint { ${ENDPOINT_FIELDS} } } }
`;
export const UPDATE_ENDPOINT = /* GraphQL */ `
  mutation ($input: UpdateWebhookEndpointInput!) { updateWebhookEndpoint(input: $input) { ${ENDPOINT_FIELDS} } }
`;
export const DELETE_ENDPOINT = /* GraphQL */ `mutation ($id: ID!) { deleteWebhookEndpoint(id: $id) }`;
export const ROTATE_SECRET = /* GraphQL */ `mutation ($id: ID!) { rotateWebhookEndpointSecret(id: $id) { secret endpoint { id } } }`;
export const SEND_TEST = /* GraphQL */ `mutation ($endpointId: ID!) { sendWebhookTestEvent(endpointId: $endpointId) { ${DELIVERY_FIELDS} } }`;
export const REDELIVER = /* GraphQL */ `mutation ($id: ID!) { redeliverWebhookDelivery(id: $id) { ${DELIVERY_FIELDS} } }`;
export const ENDPOINTS = /* GraphQL */ `query { webhookEndpoints(first: 100) { totalCount nodes { id } } }`;
export const ENDPOINT = /* GraphQL */ `
  query ($id: ID!) { webhookEndpoint(id: $id) { ${ENDPOINT_FIELDS} deliveries(first: 20) { totalCount nodes { ${DELIVERY_FIELDS} } } } }
`;

export interface ReceivedRequest {
  headers: IncomingHttpHeaders;
  body: string;
}

/** How the receiver answers a request: with a status, or never (the sender's timeout ends it). */
export type Answer = number | "hang";

export interface Receiver {
  url: string;
  /** Every request received, in order. */
  requests: ReceivedRequest[];
  /** The next requests' answers, in order; 200 once they are used up. */
  answerNext(...answers: Answer[]): void;
  close(): Promise<void>;
}

/** A webhook receiver on 127.0.0.1 (allowed outside production). */
export async function startReceiver(): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  const answers: Answer[] = [];
  const hanging = new Set<ServerResponse>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      requests.push({ headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
      const answer = answers.shift() ?? 200;
      if (answer === "hang") return void hanging.add(response);
      // No keep-alive: a connection left open would keep the test process alive after the receiver is forgotten.
      response.writeHead(answer, { "content-type": "text/plain", connection: "close" }).end(answer < 300 ? "ok" : `failed with ${answer}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  // An access-matrix world's receiver lives as long as its test file: it must not keep jest running.
  server.unref();
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    requests,
    answerNext: (...next) => void answers.push(...next),
    async close() {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** An endpoint made through the API as the token's person: its global id and secret. */
export async function createEndpoint(server: TestServer, token: string, input: { url: string; eventTypes: string[]; courseId?: string; description?: string }) {
  const result = await server.graphql(CREATE_ENDPOINT, { input }, { token });
  if (!result.data?.createWebhookEndpoint) throw new Error(`createWebhookEndpoint failed: ${JSON.stringify(result.errors)}`);
  const { endpoint, secret } = result.data.createWebhookEndpoint as { endpoint: { id: string }; secret: string };
  return { id: endpoint.id, secret };
}

/** An endpoint of the owner (a global user id) written straight into the module's table, as a test arranges it. */
export async function endpointInDatabase(server: TestServer, ownerId: string, input: { url: string; eventTypes: string[]; courseId?: string }) {
  const row = await server.db.webhookEndpoint.create({
    data: {
      ownerId: databaseId(ownerId),
      courseId: input.courseId ? databaseId(input.courseId) : null,
      url: input.url,
      eventTypes: input.eventTypes,
      encryptedSecret: await encryptSecret(server.app.platform.config, newSigningSecret()),
    },
  });
  return row;
}

/** A delivery, already succeeded, of a test message to the endpoint (a database id). */
export async function deliveryInDatabase(server: TestServer, endpointId: string) {
  const message = await server.db.webhookMessage.create({
    data: { id: randomUUID(), type: "webhook.test", payload: { type: "webhook.test", timestamp: new Date().toISOString(), data: { version: 1 } } },
  });
  return server.db.webhookDelivery.create({ data: { id: randomUUID(), endpointId, messageId: message.id, status: "SUCCEEDED", attempts: 1, responseStatus: 200 } });
}

export const LEARNING_RECORDS = /* GraphQL */ `
  query ($courseId: ID!, $since: DateTime, $until: DateTime, $first: Int, $after: String) {
    learningRecords(courseId: $courseId, since: $since, until: $until, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes { id verb timestamp stored statement }
    }
  }
`;

export interface LearningRecordNode {
  id: string;
  verb: string;
  timestamp: string;
  stored: string;
  statement: string;
}

/** A course's learning records read with the token (a person's or a key's), every page of them. */
export async function allLearningRecords(server: TestServer, token: string, courseId: string): Promise<LearningRecordNode[]> {
  const records: LearningRecordNode[] = [];
  let after: string | null = null;
  for (;;) {
    const result = await server.graphql(LEARNING_RECORDS, { courseId, first: 100, after }, { token });
    if (!result.data?.learningRecords) throw new Error(`learningRecords failed: ${JSON.stringify(result.errors)}`);
    const page = result.data.learningRecords as { nodes: LearningRecordNode[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
    records.push(...page.nodes);
    if (!page.pageInfo.hasNextPage) return records;
    after = page.pageInfo.endCursor;
  }
}

export interface LrsRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The statements it carried: one, or a batch. */
  statements: Record<string, any>[];
}

export interface Lrs {
  /** XAPI_ENDPOINT for it. */
  endpoint: string;
  username: string;
  password: string;
  requests: LrsRequest[];
  /** What it stored, by statement id. */
  stored: Map<string, Record<string, any>>;
  /** The next requests' statuses, in order, before looking at them; the LRS's own answer once used up. */
  answerNext(...statuses: number[]): void;
  close(): Promise<void>;
}

/**
 * A Learning Record Store on 127.0.0.1 as xAPI 1.0.3 has one take statements (POST /statements):
 * Basic credentials and the version header required (401 and 400 otherwise); a statement whose
 * id it holds with other content refuses the whole request (409); the same content again is fine.
 */
export async function startLrs(): Promise<Lrs> {
  const username = "lrs-user";
  const password = "lrs-password";
  const requests: LrsRequest[] = [];
  const stored = new Map<string, Record<string, any>>();
  const statuses: number[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const answer = (status: number, body: unknown) =>
        response.writeHead(status, { "content-type": "application/json", connection: "close" }).end(JSON.stringify(body));
      const body = Buffer.concat(chunks).toString("utf8");
      const parsed = body ? (JSON.parse(body) as Record<string, any> | Record<string, any>[]) : [];
      const statements = Array.isArray(parsed) ? parsed : [parsed];
      requests.push({ method: request.method!, path: request.url!, headers: request.headers, statements });
      const forced = statuses.shift();
      if (forced) return answer(forced, { message: `answering ${forced}` });
      if (request.headers.authorization !== `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`) return answer(401, { message: "who are you?" });
      if (request.headers["x-experience-api-version"] !== "1.0.3") return answer(400, { message: "X-Experience-API-Version 1.0.3 expected" });
      if (request.method !== "POST" || request.url !== "/xapi/statements") return answer(404, { message: "not here" });
      if (statements.some((statement) => stored.has(statement.id) && JSON.stringify(stored.get(statement.id)) !== JSON.stringify(statement))) {
        return answer(409, { message: "a statement with this id holds other content" });
      }
      for (const statement of statements) stored.set(statement.id, statement);
      answer(200, statements.map((statement) => statement.id));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  server.unref();
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}/xapi`,
    username,
    password,
    requests,
    stored,
    answerNext: (...next) => void statuses.push(...next),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
