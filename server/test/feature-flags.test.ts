// Feature flags by environment (FEATURE_PAYMENTS, FEATURE_TUTOR): turned off, payments' and the
// tutor's operations answer FORBIDDEN with their reason and write nothing, over HTTP and graphql-ws;
// what was stored stays readable; Query.platformFeatures tells every client. Two instances share one
// database, as a deployment turning a flag off would: the first (the defaults, all on) arranges
// payments and threads, the second (both off) is asked about them.
import { randomBytes } from "node:crypto";
import { databaseState } from "./support/database-state.ts";
import { expectError } from "./support/errors.ts";
import { startTestServer, UNTHROTTLED, type TestServer } from "./support/test-server.ts";
import { signUp, signUpCast, type Cast } from "../src/modules/identity/identity.fixtures.ts";
import {
  buyer,
  formTokenOf,
  LOCAL_BILLING_ENV,
  MY_PAYMENTS,
  paidCourse,
  paymentRow,
  postCheckoutForm,
  purchased,
  REFUND,
  START_CHECKOUT,
  startCheckout,
} from "../src/modules/billing/billing.fixtures.ts";
import { courseToLearn, ENROLL, enrollAs } from "../src/modules/learning/learning.fixtures.ts";
import { ANSWER_STREAM, ASK, courseWithTranscript, CREATE_THREAD, THREAD, THREADS } from "../src/modules/tutor/tutor.fixtures.ts";

const FEATURES = /* GraphQL */ `query { platformFeatures { payments tutor } }`;
const CANCEL = /* GraphQL */ `mutation ($paymentId: ID!) { cancelCheckout(paymentId: $paymentId) { id status } }`;

let on: TestServer;
let off: TestServer;
let cast: Cast;
beforeAll(async () => {
  // One secret, as one deployment's instances share: a session (and a checkout link) of one is good on the other.
  const deployment = { ...UNTHROTTLED, ...LOCAL_BILLING_ENV, JWT_SECRET: randomBytes(32).toString("hex") };
  on = await startTestServer(deployment);
  off = await startTestServer({ ...deployment, FEATURE_PAYMENTS: "off", FEATURE_TUTOR: "off" }, { besides: on });
  cast = await signUpCast(on);
});
afterAll(async () => {
  await off?.close();
  await on?.close();
});

/** Runs `refused` on the server with the flags off and answers its response, once sure the database is as it was. */
async function writesNothing<T>(refused: () => Promise<T>): Promise<T> {
  const before = await databaseState(off);
  const response = await refused();
  expect(await databaseState(off)).toEqual(before);
  return response;
}

describe("Query.platformFeatures", () => {
  it("tells anyone, signed in or not, which features this instance has turned on", async () => {
    expect((await on.graphql(FEATURES)).data).toEqual({ platformFeatures: { payments: true, tutor: true } });
    expect((await off.graphql(FEATURES)).data).toEqual({ platformFeatures: { payments: false, tutor: false } });
    expect((await off.graphql(FEATURES, {}, { token: cast.student.accessToken })).data).toEqual({ platformFeatures: { payments: false, tutor: false } });
  });
});

describe("payments turned off", () => {
  it("refuses to start a checkout (FORBIDDEN, PAYMENTS_DISABLED) and writes nothing", async () => {
    const { courseId } = await paidCourse(on, cast.owner.accessToken);
    const learner = await buyer(on);
    const result = await writesNothing(() => off.graphql(START_CHECKOUT, { courseId }, { token: learner.accessToken }));
    expectError(result, "FORBIDDEN", "PAYMENTS_DISABLED");
    expect(result.errors![0].message).toMatch(/^Payments are turned off on this platform for now;/);
  });

  it("does not make a paid course free: enrolling answers PAYMENT_REQUIRED, PAYMENTS_DISABLED; a free course still enrolls", async () => {
    const { courseId } = await paidCourse(on, cast.owner.accessToken);
    const learner = await buyer(on);
    expectError(await writesNothing(() => off.graphql(ENROLL, { courseId }, { token: learner.accessToken })), "PAYMENT_REQUIRED", "PAYMENTS_DISABLED");

    const free = await courseToLearn(on, cast.owner.accessToken, [30]);
    const enrolled = await off.graphql(ENROLL, { courseId: free.courseId }, { token: learner.accessToken });
    expect(enrolled.errors).toBeUndefined();
    expect(enrolled.data!.enroll).toMatchObject({ status: "ACTIVE", source: "FREE" });
  });

  it("refuses refunds and canceling a checkout, which ask the provider, and writes nothing; payments stay readable", async () => {
    const { courseId } = await paidCourse(on, cast.owner.accessToken);
    const learner = await buyer(on);
    const payment = await purchased(on, learner.accessToken, courseId);
    expectError(await writesNothing(() => off.graphql(REFUND, { paymentId: payment.id }, { token: cast.owner.accessToken })), "FORBIDDEN", "PAYMENTS_DISABLED");

    const other = await paidCourse(on, cast.owner.accessToken);
    const open = await startCheckout(on, learner.accessToken, other.courseId);
    expectError(await writesNothing(() => off.graphql(CANCEL, { paymentId: open.payment.id }, { token: learner.accessToken })), "FORBIDDEN", "PAYMENTS_DISABLED");

    const mine = await off.graphql(MY_PAYMENTS, {}, { token: learner.accessToken });
    expect(mine.errors).toBeUndefined();
    expect(mine.data!.myPayments.nodes.map((node: { id: string }) => node.id).sort()).toEqual([payment.id, open.payment.id].sort());
  });

  it("has the local checkout page take no payment, leaving the open payment as it was", async () => {
    const { courseId } = await paidCourse(on, cast.owner.accessToken);
    const learner = await buyer(on);
    const open = await startCheckout(on, learner.accessToken, courseId);
    const token = await formTokenOf(on, open.checkoutUrl!);
    const posted = await writesNothing(() => postCheckoutForm(off, { token, outcome: "succeeded" }));
    expect(posted.status).toBe(503);
    expect(await posted.text()).toContain("Payments are turned off on this platform for now");
    expect((await paymentRow(off, open.payment.id)).status).toBe("REQUIRES_PAYMENT");
  });
});

describe("tutor turned off", () => {
  let course: { courseId: string };
  let learner: Awaited<ReturnType<typeof signUp>>;
  let threadId: string;
  beforeAll(async () => {
    course = await courseWithTranscript(on, cast.owner.accessToken, ["Generics keep the type of an argument."]);
    learner = await signUp(on);
    await enrollAs(on, learner.accessToken, course.courseId);
    const asked = await on.graphql(ASK, { input: { courseId: course.courseId, question: "What do generics keep?" } }, { token: learner.accessToken });
    expect(asked.errors).toBeUndefined();
    threadId = asked.data!.askTutor.thread.id;
  });

  it("refuses questions and new threads (FORBIDDEN, TUTOR_DISABLED) and writes nothing", async () => {
    const asked = await writesNothing(() =>
      off.graphql(ASK, { input: { courseId: course.courseId, question: "What do generics keep?", threadId } }, { token: learner.accessToken }),
    );
    expectError(asked, "FORBIDDEN", "TUTOR_DISABLED");
    expect(asked.errors![0].message).toMatch(/^The tutor is turned off on this platform for now;/);
    expectError(await writesNothing(() => off.graphql(CREATE_THREAD, { courseId: course.courseId }, { token: learner.accessToken })), "FORBIDDEN", "TUTOR_DISABLED");
  });

  it("refuses the answer stream over graphql-ws and over HTTP", async () => {
    const client = off.subscriptionClient(learner.accessToken);
    // Refused when subscribing: the one message is the refusal, no chunk ever follows.
    const outcome = await new Promise<unknown>((resolve) => {
      client.subscribe({ query: ANSWER_STREAM, variables: { threadId } }, { next: resolve, error: resolve, complete: () => resolve("complete") });
    });
    expectError(outcome as Parameters<typeof expectError>[0], "FORBIDDEN", "TUTOR_DISABLED");
    expectError(await off.graphql(ANSWER_STREAM, { threadId }, { token: learner.accessToken }), "FORBIDDEN", "TUTOR_DISABLED");
  });

  it("still shows the learner their past threads and messages", async () => {
    const threads = await off.graphql(THREADS, { courseId: course.courseId }, { token: learner.accessToken });
    expect(threads.errors).toBeUndefined();
    expect(threads.data!.tutorThreads.map((thread: { id: string }) => thread.id)).toEqual([threadId]);
    const thread = await off.graphql(THREAD, { id: threadId }, { token: learner.accessToken });
    expect(thread.errors).toBeUndefined();
    expect(thread.data!.tutorThread.id).toBe(threadId);
  });
});
