// The integrations module's factories for tests: a webhook receiver on loopback that answers as a
// test tells it (200, 500, or never) and keeps what it was sent, endpoints made through the API or
// straight in the module's tables, and the operations' documents.
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
