// GraphQL over WebSocket meets the same door as HTTP: credentials, the per-viewer rate, the
// operation limits, and errors in the contract's shape.
import type { Client } from "graphql-ws";
import { CREATE_COURSE } from "../src/modules/catalog/catalog.fixtures.ts";
import { signUp } from "../src/modules/identity/identity.fixtures.ts";
import { startTestServer, type TestServer } from "./support/test-server.ts";
import { waitUntil } from "./support/wait.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ API_REQUESTS_PER_MINUTE: "6", AUTH_IP_LIMIT_PER_MINUTE: "1000" });
});
afterAll(() => server.close());

interface Outcome {
  errors?: { message: string; extensions?: { code?: string; retryAfterSeconds?: number } }[];
  closed?: { code: number };
}

/** Subscribes, and answers the refusal the server sends: its errors, or the socket's close. */
function refusalOf(client: Client, query: string, variables: Record<string, unknown>): Promise<Outcome> {
  return new Promise((resolve) => {
    client.subscribe(
      { query, variables },
      {
        next: () => {},
        error: (error) => resolve(Array.isArray(error) ? { errors: error } : { closed: error as { code: number } }),
        complete: () => {},
      },
    );
  });
}

const WATCH = `subscription($courseId: ID!) { videoStatusChanged(courseId: $courseId) { id status } }`;

it("refuses a connection with an invalid token with 4401, so the client renews its token", async () => {
  const client = server.subscriptionClient("not-a-token");
  expect(await refusalOf(client, WATCH, { courseId: "x" })).toEqual({ closed: expect.objectContaining({ code: 4401 }) });
});

it("refuses an operation deeper than the limit before it runs", async () => {
  const owner = await signUp(server, { role: "INSTRUCTOR" });
  const course = await server.graphql(CREATE_COURSE, { input: { title: "Deep course", description: "d", priceCents: 0 } }, { token: owner.accessToken });
  const deep = `subscription($courseId: ID!) { videoStatusChanged(courseId: $courseId) {
    course { sections { videos { course { sections { videos { course { sections { id } } } } } } } } } }`;
  const outcome = await refusalOf(server.subscriptionClient(owner.accessToken), deep, { courseId: course.data!.createCourse.id });
  expect(outcome).toMatchObject({ errors: [{ message: expect.stringMatching(/depth/i), extensions: { code: "BAD_USER_INPUT" } }] });
});

it("counts subscriptions against the viewer's request rate and answers RATE_LIMITED", async () => {
  const owner = await signUp(server, { role: "INSTRUCTOR" });
  const course = await server.graphql(CREATE_COURSE, { input: { title: "Rate course", description: "d", priceCents: 0 } }, { token: owner.accessToken });
  const courseId = course.data!.createCourse.id;
  const client = server.subscriptionClient(owner.accessToken);
  const refusals: unknown[] = [];
  for (let i = 0; i < 6; i++) {
    client.subscribe({ query: WATCH, variables: { courseId } }, { next: () => {}, error: (error) => void refusals.push(error), complete: () => {} });
  }
  // The createCourse request above used one of the viewer's six: one of the six subscriptions is refused.
  await waitUntil("a subscription to be refused", () => refusals.length > 0);
  expect(refusals).toEqual([[expect.objectContaining({ extensions: { code: "RATE_LIMITED", retryAfterSeconds: expect.any(Number) } })]]);
});
