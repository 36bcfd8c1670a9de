// Disputes (chargebacks) heard from Stripe's webhook: access is suspended while one is open, given
// back when it is won, ended as refunded when it is lost; the dispute shows on the payment for the
// course's owner and admins, who may export its evidence (the learner's enrollment, sign-ins and
// watched ranges); nobody else may.
import { expectError } from "../../../test/support/errors.ts";
import { databaseId } from "../../../test/support/ids.ts";
import { eventOf } from "../../../test/support/stripe-peer.ts";
import { waitUntil } from "../../../test/support/wait.ts";
import { addCoInstructor } from "../catalog/catalog.fixtures.ts";
import { signUpCast, tokenOf, type Actor, type Cast, type TestAccount } from "../identity/identity.fixtures.ts";
import { record } from "../learning/learning.fixtures.ts";
import { buyer, paidCourse } from "./billing.fixtures.ts";
import { accessInCourse, allEventsHandled, checkout, paymentEvents, startStripeServer, storedPayment, type StripeSetup } from "./stripe.fixtures.ts";

let setup: StripeSetup;
let cast: Cast;
beforeAll(async () => {
  setup = await startStripeServer();
  cast = await signUpCast(setup.server);
});
afterAll(() => setup.close());
afterEach(() => expect(setup.peer.violations).toEqual([]));

const COURSE_PAYMENTS = /* GraphQL */ `
  query ($courseId: ID!) { coursePayments(courseId: $courseId) { nodes { id status dispute { status openedAt } } } }
`;
const MY_PAYMENT_DISPUTES = /* GraphQL */ `query { myPayments(first: 10) { nodes { id status dispute { status } } } }`;
const NODE_DISPUTE = /* GraphQL */ `query ($id: ID!) { node(id: $id) { ... on Payment { id dispute { status openedAt } } } }`;
const EVIDENCE = /* GraphQL */ `
  query ($paymentId: ID!) {
    paymentDisputeEvidence(paymentId: $paymentId) {
      payment { id status } generatedAt customerEmail customerName enrolledAt enrollmentStatus
      signIns { at lastUsedAt revokedAt ipAddress userAgent }
      watchedVideos { videoId videoTitle watchedSeconds lastWatchedAt completedAt ranges { startSeconds endSeconds } }
    }
  }
`;

/** A learner who paid for a new course of the owner (through Stripe's webhook), with access. */
async function paidLearner() {
  const { courseId, videoId } = await paidCourse(setup.server, cast.owner.accessToken, 5000, "USD");
  const learner = await buyer(setup.server);
  const started = await checkout(setup, learner, courseId);
  const paid = setup.peer.pay(started.session.id);
  expect((await setup.peer.deliver(setup.server.url, eventOf(paid, "checkout.session.completed"))).status).toBe(200);
  await waitUntil("the purchase's enrollment", async () => (await accessInCourse(setup.server, learner, courseId)).canWatch);
  const intentId = setup.peer.sessions.get(started.session.id)!.payment_intent!;
  return { courseId, videoId, learner, intentId, ...started };
}

async function deliver(event: Parameters<StripeSetup["peer"]["deliver"]>[1]) {
  const answer = await setup.peer.deliver(setup.server.url, event);
  expect(answer.status).toBe(200);
  return (JSON.parse(answer.body) as { outcome: string }).outcome;
}

async function disputeSeenBy(token: string, courseId: string, paymentId: string) {
  const result = await setup.server.graphql(COURSE_PAYMENTS, { courseId }, { token });
  expect(result.errors).toBeUndefined();
  return (result.data!.coursePayments.nodes as { id: string; dispute: unknown }[]).find((node) => node.id === paymentId)!.dispute;
}

const canWatch = async (learner: TestAccount, courseId: string) => (await accessInCourse(setup.server, learner, courseId)).canWatch;

it("suspends access while a dispute is open, shows it to the owner and admins, and gives access back when it is won", async () => {
  const { courseId, learner, intentId, paymentId, paymentRowId } = await paidLearner();
  const { dispute, events } = setup.peer.openDispute(intentId);
  expect(await deliver(eventOf(events, "charge.dispute.created"))).toBe("applied");
  expect(await deliver(eventOf(events, "charge.dispute.created"))).toBe("duplicate");
  expect(await storedPayment(setup.server, paymentRowId)).toMatchObject({ disputeId: dispute.id, disputeStatus: "OPEN", status: "SUCCEEDED" });
  for (const viewer of [cast.owner, cast.admin]) {
    expect(await disputeSeenBy(viewer.accessToken, courseId, paymentId)).toEqual({ status: "OPEN", openedAt: expect.any(String) });
  }
  // The learner sees their payment, but not the dispute: it is for the owner and admins to answer.
  const mine = await setup.server.graphql(MY_PAYMENT_DISPUTES, {}, { token: learner.accessToken });
  expect(mine.data!.myPayments.nodes).toEqual([{ id: paymentId, status: "SUCCEEDED", dispute: null }]);
  const node = await setup.server.graphql(NODE_DISPUTE, { id: paymentId }, { token: learner.accessToken });
  expect(node.data!.node).toEqual({ id: paymentId, dispute: null });
  await waitUntil("access to be suspended", async () => !(await canWatch(learner, courseId)));

  expect(await deliver(eventOf(setup.peer.closeDispute(dispute.id, "won"), "charge.dispute.closed"))).toBe("applied");
  expect(await disputeSeenBy(cast.owner.accessToken, courseId, paymentId)).toEqual({ status: "WON", openedAt: expect.any(String) });
  await waitUntil("access to come back", () => canWatch(learner, courseId));
  expect((await accessInCourse(setup.server, learner, courseId)).enrollment).toEqual({ status: "ACTIVE", source: "PURCHASE" });
});

it("ends the enrollment as refunded when the dispute is lost", async () => {
  const { courseId, learner, intentId, paymentRowId } = await paidLearner();
  const { dispute, events } = setup.peer.openDispute(intentId);
  await deliver(eventOf(events, "charge.dispute.created"));
  expect(await deliver(eventOf(setup.peer.closeDispute(dispute.id, "lost"), "charge.dispute.closed"))).toBe("applied");
  expect((await storedPayment(setup.server, paymentRowId)).disputeStatus).toBe("LOST");
  await waitUntil("the enrollment to end", async () => (await accessInCourse(setup.server, learner, courseId)).enrollment?.status === "REFUNDED");
  expect(await canWatch(learner, courseId)).toBe(false);
});

it("keeps a dispute closed when its closing is heard before its opening", async () => {
  const { courseId, learner, intentId, paymentRowId } = await paidLearner();
  const { dispute, events } = setup.peer.openDispute(intentId);
  const closed = eventOf(setup.peer.closeDispute(dispute.id, "won"), "charge.dispute.closed");
  expect(await deliver(closed)).toBe("applied");
  expect(await deliver(eventOf(events, "charge.dispute.created"))).toBe("ignored");
  expect(await storedPayment(setup.server, paymentRowId)).toMatchObject({ disputeId: dispute.id, disputeStatus: "WON" });
  expect((await paymentEvents(setup.server, paymentRowId)).map((event) => event.kind)).toEqual(["succeeded", "disputeClosed", "disputeOpened"]);
  await allEventsHandled(setup.server);
  expect(await canWatch(learner, courseId)).toBe(true);
});

describe("evidence", () => {
  it("gives the owner and admins the learner's enrollment, sign-ins and watched ranges", async () => {
    const { courseId, videoId, learner, intentId, paymentId } = await paidLearner();
    const watched = await record(setup.server, learner.accessToken, { videoId, positionSeconds: 40, watchedRanges: [[0, 20], [30, 40], [10, 25]] });
    expect(watched.errors).toBeUndefined();
    await deliver(eventOf(setup.peer.openDispute(intentId).events, "charge.dispute.created"));

    for (const viewer of [cast.owner, cast.admin]) {
      const result = await setup.server.graphql(EVIDENCE, { paymentId }, { token: viewer.accessToken });
      expect(result.errors).toBeUndefined();
      const evidence = result.data!.paymentDisputeEvidence;
      const enrollment = await setup.server.db.enrollment.findFirstOrThrow({ where: { userId: databaseId(learner.id), courseId: databaseId(courseId) } });
      expect(evidence).toMatchObject({
        payment: { id: paymentId, status: "SUCCEEDED" },
        customerEmail: learner.email,
        customerName: "Test User",
        enrolledAt: enrollment.enrolledAt.toISOString(),
        enrollmentStatus: "ACTIVE",
        watchedVideos: [{ videoId, videoTitle: "Lesson 1", watchedSeconds: 35, completedAt: null, ranges: [{ startSeconds: 0, endSeconds: 25 }, { startSeconds: 30, endSeconds: 40 }] }],
      });
      // The sign-up opened the learner's one session.
      expect(evidence.signIns).toEqual([{ at: expect.any(String), lastUsedAt: expect.any(String), revokedAt: null, ipAddress: expect.any(String), userAgent: expect.any(String) }]);
    }
  });

  it("is refused to everyone else, and for a payment never disputed", async () => {
    const { courseId, intentId, paymentId, learner } = await paidLearner();
    await addCoInstructor(setup.server, cast.owner.accessToken, courseId, cast.coInstructor.id);
    await deliver(eventOf(setup.peer.openDispute(intentId).events, "charge.dispute.created"));
    const as = (actor: Actor | TestAccount) =>
      setup.server.graphql(EVIDENCE, { paymentId }, { token: typeof actor === "string" ? tokenOf(cast, actor) : actor.accessToken });

    expectError(await as("anonymous"), "UNAUTHENTICATED");
    // The learner sees their payment, not the evidence gathered against their dispute.
    expectError(await as(learner), "FORBIDDEN", "NOT_COURSE_OWNER_OR_ADMIN");
    // Others do not even see the payment; the course's co-instructor teaches, the money is not theirs.
    for (const actor of ["student", "otherInstructor", "coInstructor"] as const) expectError(await as(actor), "NOT_FOUND");
    // No partner's key, not even the owner's or an admin's.
    for (const key of ["ownerKey", "adminKey"] as const) expectError(await as(key), "FORBIDDEN");

    const undisputed = await paidLearner();
    expectError(await setup.server.graphql(EVIDENCE, { paymentId: undisputed.paymentId }, { token: cast.owner.accessToken }), "CONFLICT", "PAYMENT_NOT_DISPUTED");
    expectError(await setup.server.graphql(EVIDENCE, { paymentId: courseId }, { token: cast.owner.accessToken }), "BAD_USER_INPUT");
  });
});
