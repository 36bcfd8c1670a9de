// GraphQL over WebSocket meets the same door as HTTP: credentials, the per-viewer rate, the
// operation limits, and errors in the contract's shape.
import type { Client } from "graphql-ws";
import { CREATE_COURSE } from "../src/modules/catalog/catalog.test-support.ts";
import { signUp } from "./support/accounts.ts";
import { startTestServer, type TestServer } from "./support/test-server.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ API_REQUESTS_PER_MINUTE: "6", AUTH_IP_LIMIT_PER_MINUTE: "1000" });
});
afterAll(() => server.close());

interface Outcome {
  errors?: { message: string; extensions?: { code?: string; retryAfterSeconds?: number } }[];
  closed?: { code: number };
}

/** Subscribes, and answers the first error (or the close) the server sends; leaves a live subscription running. */
function firstRefusal(client: Client, query: string, variables: Record<string, unknown>): Promise<Outcome | "subscribed"> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve("subscribed"), 500);
    client.subscribe(
      { query, variables },
      {
        next: () => {},
        error: (error) => {
          clearTimeout(timer);
          resolve(Array.isArray(error) ? { errors: error } : { closed: error as { code: number } });
        },
        complete: () => {},
      },
    );
  });
}

const WATCH = `subscription($courseId: ID!) { videoStatusChanged(courseId: $courseId) { id status } }`;

it("refuses a connection with an invalid token with 4401, so the client renews its token", async () => {
  const client = server.subscriptionClient("not-a-token");
  expect(await firstRefusal(client, WATCH, { courseId: "x" })).toEqual({ closed: expect.objectContaining({ code: 4401 }) });
});

it("refuses an operation deeper than the limit before it runs", async () => {
  const owner = await signUp(server, { role: "INSTRUCTOR" });
  const course = await server.graphql(CREATE_COURSE, { input: { title: "Deep course", description: "d", priceCents: 0 } }, { token: owner.accessToken });
  const deep = `subscription($courseId: ID!) { videoStatusChanged(courseId: $courseId) {
    course { sections { videos { course { sections { videos { course { sections { id } } } } } } } } } }`;
  const outcome = await firstRefusal(server.subscriptionClient(owner.accessToken), deep, { courseId: course.data!.createCourse.id });
  expect(outcome).toMatchObject({ errors: [{ message: expect.stringMatching(/depth/i), extensions: { code: "BAD_USER_INPUT" } }] });
});

it("counts subscriptions against the viewer's request rate and answers RATE_LIMITED", async () => {
  const owner = await signUp(server, { role: "INSTRUCTOR" });
  const course = await server.graphql(CREATE_COURSE, { input: { title: "Rate course", description: "d", priceCents: 0 } }, { token: owner.accessToken });
  const courseId = course.data!.createCourse.id;
  const client = server.subscriptionClient(owner.accessToken);
  const outcomes = [];
  for (let i = 0; i < 6; i++) outcomes.push(await firstRefusal(client, WATCH, { courseId }));
  // The createCourse request above used one of the viewer's six.
  expect(outcomes.slice(0, 5)).toEqual(Array(5).fill("subscribed"));
  expect(outcomes[5]).toMatchObject({ errors: [{ extensions: { code: "RATE_LIMITED" } }] });
  expect((outcomes[5] as Outcome).errors![0].extensions!.retryAfterSeconds).toBeGreaterThan(0);
});
