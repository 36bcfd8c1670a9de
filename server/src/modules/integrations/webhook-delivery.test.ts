// Webhooks from the other modules' domain events to a receiver on loopback, which checks every
// signature with an independent implementation (the standardwebhooks package): the documented
// payloads, retries after a 500 and a timeout with the same webhook-id, redeliveries a receiver
// dedupes, a repeated domain event making nothing twice, the owner's rights deciding what an
// endpoint hears, addresses refused in production at delivery time, and an endpoint failing for a
// day disabled with its owner told by mail. Retries are run by calling the job's attempt for a
// delivery made due, never by waiting for the schedule.
import { randomUUID } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { databaseId } from "../../../test/support/ids.ts";
import { startTestServer, UNTHROTTLED, type TestServer } from "../../../test/support/test-server.ts";
import { waitUntil } from "../../../test/support/wait.ts";
import { emit } from "../../platform/domain-events.ts";
import { toGlobalId } from "../../platform/ids.ts";
import type { Platform } from "../../platform/platform.ts";
import { LOCAL_BILLING_ENV, paidCourse, purchased, REFUND } from "../billing/billing.fixtures.ts";
import { createCourse, publishCourse } from "../catalog/catalog.fixtures.ts";
import { signUp, type TestAccount } from "../identity/identity.fixtures.ts";
import { completeCourse, courseToLearn, enrollAs, REVOKE } from "../learning/learning.fixtures.ts";
import { addReadyVideo } from "../media/media.fixtures.ts";
import { createEndpoint, ENDPOINT, REDELIVER, SEND_TEST, startReceiver, UPDATE_ENDPOINT, type ReceivedRequest, type Receiver } from "./integrations.fixtures.ts";
import { integrationsListeners } from "./integrations.events.ts";
import {
  attemptDelivery,
  DELIVERY_QUEUE,
  DISABLE_AFTER_FAILING_MS,
  DISABLED_FOR_FAILING,
  MAX_ATTEMPTS,
  RETENTION_DAYS,
  RETRY_SCHEDULE_MS,
  sweepDeliveries,
} from "./webhook-delivery.ts";

/** Short, from the setting production reads too (WEBHOOK_TIMEOUT_SECONDS, 10 s by default). */
const TIMEOUT_SECONDS = 1;

let server: TestServer;
let admin: TestAccount;
const receivers: Receiver[] = [];
beforeAll(async () => {
  server = await startTestServer({ ...UNTHROTTLED, ...LOCAL_BILLING_ENV, WEBHOOK_TIMEOUT_SECONDS: String(TIMEOUT_SECONDS) });
  admin = await signUp(server, { role: "ADMIN" });
});
afterAll(async () => {
  for (const receiver of receivers) await receiver.close();
  await server.close();
});

async function receiver() {
  const started = await startReceiver();
  receivers.push(started);
  return started;
}

const instructor = () => signUp(server, { role: "INSTRUCTOR" });
const student = () => signUp(server, { verified: true });

const headersOf = (request: ReceivedRequest) => request.headers as Record<string, string>;
/** The body as standardwebhooks checks it: throws unless the signature is the secret's. */
const verified = (secret: string, request: ReceivedRequest) => new Webhook(secret).verify(request.body, headersOf(request)) as { type: string; timestamp: string; data: Record<string, unknown> };

const deliveriesOf = (endpointId: string) =>
  server.db.webhookDelivery.findMany({ where: { endpointId: databaseId(endpointId) }, include: { message: true }, orderBy: { createdAt: "asc" } });

/** Every domain event committed so far has been delivered to its listeners (fan-out included). */
const eventsSettled = () =>
  waitUntil("domain events settled", async () => (await server.db.domainEvent.count({ where: { settledAt: null } })) === 0);

describe("events and their signatures", () => {
  it("sends a course's enrollment events and certificate, signed so that standardwebhooks verifies them, with the documented payloads", async () => {
    const teacher = await instructor();
    const course = await courseToLearn(server, teacher.accessToken, [5]);
    const hooks = await receiver();
    const types = ["enrollment.created", "enrollment.completed", "certificate.issued", "enrollment.revoked"];
    const { id, secret } = await createEndpoint(server, teacher.accessToken, { url: hooks.url, eventTypes: types, courseId: course.courseId });
    const learner = await student();
    const certificate = await completeCourse(server, learner.accessToken, course, [5]);
    const enrollment = await server.db.enrollment.findFirstOrThrow({ where: { courseId: databaseId(course.courseId), userId: databaseId(learner.id) } });
    const enrollmentId = toGlobalId("Enrollment", enrollment.id);
    await server.graphql(REVOKE, { enrollmentId }, { token: admin.accessToken });
    await waitUntil("four events", () => hooks.requests.length >= 4);

    const bodies = hooks.requests.map((request) => verified(secret, request));
    expect(bodies.map((body) => body.type).sort()).toEqual([...types].sort());
    const ofType = (type: string) => bodies.find((body) => body.type === type)!;
    const learnerIds = { enrollmentId, courseId: course.courseId, userId: learner.id };
    expect(ofType("enrollment.created").data).toEqual({ version: 1, ...learnerIds, source: "FREE" });
    expect(ofType("enrollment.completed").data).toEqual({ version: 1, ...learnerIds, completedAt: expect.any(String) });
    expect(ofType("certificate.issued").data).toEqual({ version: 1, certificateId: certificate.id, ...learnerIds, issuedAt: expect.any(String) });
    expect(ofType("enrollment.revoked").data).toEqual({ version: 1, ...learnerIds, reason: "REVOKED" });
    for (const body of bodies) expect(Number.isNaN(Date.parse(body.timestamp))).toBe(false);
    // A distinct webhook-id per event; each delivery answered 200, as the endpoint's deliveries show.
    expect(new Set(hooks.requests.map((request) => request.headers["webhook-id"])).size).toBe(4);
    await waitUntil("the deliveries recorded", async () => (await deliveriesOf(id)).every((delivery) => delivery.status === "SUCCEEDED"));
    const listed = (await server.graphql(ENDPOINT, { id }, { token: teacher.accessToken })).data!.webhookEndpoint.deliveries;
    expect(listed.totalCount).toBe(4);
    for (const delivery of listed.nodes) expect(delivery).toMatchObject({ status: "SUCCEEDED", responseStatus: 200, responseBody: "ok", attempts: 1 });

    // The independent check does fail: another secret, a changed body, an old timestamp.
    const [first] = hooks.requests;
    expect(() => new Webhook(`whsec_${Buffer.alloc(32, 7).toString("base64")}`).verify(first.body, headersOf(first))).toThrow();
    expect(() => new Webhook(secret).verify(first.body.replace('"version":1', '"version":2'), headersOf(first))).toThrow();
    expect(() => new Webhook(secret).verify(first.body, { ...headersOf(first), "webhook-timestamp": String(Math.floor(Date.now() / 1000) - 3600) })).toThrow();
  });

  it("sends payment.succeeded and payment.refunded with amounts and global ids", async () => {
    const teacher = await instructor();
    const { courseId } = await paidCourse(server, teacher.accessToken, 4900);
    const hooks = await receiver();
    const { secret } = await createEndpoint(server, teacher.accessToken, { url: hooks.url, eventTypes: ["payment.succeeded", "payment.refunded"], courseId });
    const learner = await student();
    const payment = await purchased(server, learner.accessToken, courseId);
    const refund = await server.graphql(REFUND, { paymentId: payment.id, amountCents: 900 }, { token: teacher.accessToken });
    expect(refund.errors).toBeUndefined();
    await waitUntil("two events", () => hooks.requests.length >= 2);
    const bodies = hooks.requests.map((request) => verified(secret, request));
    const ids = { paymentId: payment.id, courseId, userId: learner.id, amountCents: 4900, currency: "USD" };
    expect(bodies.find((body) => body.type === "payment.succeeded")!.data).toEqual({ version: 1, ...ids, succeededAt: expect.any(String) });
    expect(bodies.find((body) => body.type === "payment.refunded")!.data).toEqual({
      version: 1,
      ...ids,
      refundedCents: 900,
      refundedNowCents: 900,
      full: false,
      refundedAt: expect.any(String),
    });
  });

  it("sends course.published and video.ready to an endpoint of all the instructor's courses", async () => {
    const teacher = await instructor();
    const hooks = await receiver();
    const { secret } = await createEndpoint(server, teacher.accessToken, { url: hooks.url, eventTypes: ["course.published", "video.ready"] });
    const course = await createCourse(server, teacher.accessToken);
    const video = await addReadyVideo(server, course.id, { fileKey: "videos/x/file.mp4", durationSeconds: 42 });
    // Media announces a status change as it does when processing ends; twice for the same file is one message.
    for (let time = 0; time < 2; time += 1) {
      await server.db.$transaction((tx) =>
        emit(tx, { name: "media.videoStatusChanged", aggregate: `video:${video.id}`, payload: { videoId: video.id, courseId: databaseId(course.id) } }),
      );
    }
    await publishCourse(server, teacher.accessToken, course.id);
    await eventsSettled();
    await waitUntil("two events", () => hooks.requests.length >= 2);
    const bodies = hooks.requests.map((request) => verified(secret, request));
    expect(bodies.map((body) => body.type).sort()).toEqual(["course.published", "video.ready"]);
    expect(bodies.find((body) => body.type === "video.ready")!.data).toEqual({ version: 1, videoId: toGlobalId("Video", video.id), courseId: course.id, durationSeconds: 42 });
    expect(bodies.find((body) => body.type === "course.published")!.data).toEqual({ version: 1, courseId: course.id, publishedAt: expect.any(String) });
  });
});

describe("retries, timeouts and redeliveries", () => {
  it("retries after a 500 with the same webhook-id, the next attempt due on the schedule, until a 2xx", async () => {
    const teacher = await instructor();
    const { courseId } = await courseToLearn(server, teacher.accessToken, [5]);
    const hooks = await receiver();
    hooks.answerNext(500);
    const { id, secret } = await createEndpoint(server, teacher.accessToken, { url: hooks.url, eventTypes: ["enrollment.created"], courseId });
    await enrollAs(server, (await student()).accessToken, courseId);
    await waitUntil("the first attempt recorded", async () => (await deliveriesOf(id))[0]?.attempts === 1);
    const [failed] = await deliveriesOf(id);
    expect(failed).toMatchObject({ status: "PENDING", responseStatus: 500, responseBody: "failed with 500", error: "answered HTTP 500" });
    const wait = failed.nextAttemptAt!.getTime() - failed.lastAttemptAt!.getTime();
    expect(wait).toBeGreaterThanOrEqual(RETRY_SCHEDULE_MS[0]);
    expect(wait).toBeLessThan(RETRY_SCHEDULE_MS[0] + TIMEOUT_SECONDS * 1000 + 1000);
    expect((await server.db.webhookEndpoint.findUniqueOrThrow({ where: { id: databaseId(id) } })).failingSince).toEqual(failed.lastAttemptAt);

    // The retry's job runs the attempt after the first (its schedule's job would find it made and do nothing).
    await attemptDelivery(server.app.platform, { deliveryId: failed.id, attempt: 2 });
    const [succeeded] = await deliveriesOf(id);
    expect(succeeded).toMatchObject({ status: "SUCCEEDED", attempts: 2, responseStatus: 200, error: null, nextAttemptAt: null });
    expect((await server.db.webhookEndpoint.findUniqueOrThrow({ where: { id: databaseId(id) } })).failingSince).toBeNull();
    // Two requests (a third only if the schedule's own job for attempt 2 raced this call: at least once).
    expect(hooks.requests.length).toBeGreaterThanOrEqual(2);
    const [one, two] = hooks.requests.map((request) => verified(secret, request));
    expect(one).toEqual(two);
    expect(new Set(hooks.requests.map((request) => request.headers["webhook-id"])).size).toBe(1);
    // Running the same attempt again (a job run twice) sends nothing more.
    const sent = hooks.requests.length;
    await attemptDelivery(server.app.platform, { deliveryId: failed.id, attempt: 2 });
    expect(hooks.requests).toHaveLength(sent);
  });

  it("counts each failed attempt on the schedule from the attempt's clock, and gives up after the last", async () => {
    const teacher = await instructor();
    const hooks = await receiver();
    const { id } = await createEndpoint(server, teacher.accessToken, { url: hooks.url, eventTypes: ["enrollment.created"] });
    hooks.answerNext(...Array<number>(MAX_ATTEMPTS).fill(503));
    const test = (await server.graphql(SEND_TEST, { endpointId: id }, { token: teacher.accessToken })).data!.sendWebhookTestEvent;
    expect(test).toMatchObject({ status: "PENDING", attempts: 1, responseStatus: 503 });
    const deliveryId = databaseId(test.id);
    const start = Date.now();
    for (let attempt = 2; attempt <= MAX_ATTEMPTS; attempt += 1) {
      // A clock a little later each time, as the schedule would run it, but never a day after the first failure.
      const now = new Date(start + attempt * 60_000);
      await attemptDelivery(server.app.platform, { deliveryId, attempt }, { now: () => now });
      const delivery = await server.db.webhookDelivery.findUniqueOrThrow({ where: { id: deliveryId } });
      expect(delivery.attempts).toBe(attempt);
      if (attempt < MAX_ATTEMPTS) expect(delivery).toMatchObject({ status: "PENDING", nextAttemptAt: new Date(now.getTime() + RETRY_SCHEDULE_MS[attempt - 1]) });
      else expect(delivery).toMatchObject({ status: "FAILED", nextAttemptAt: null });
    }
    expect(hooks.requests).toHaveLength(MAX_ATTEMPTS);
    expect(new Set(hooks.requests.map((request) => request.headers["webhook-id"])).size).toBe(1);
    // The schedule sums to about a day.
    const total = RETRY_SCHEDULE_MS.reduce((sum, wait) => sum + wait, 0);
    expect(total).toBeGreaterThan(DISABLE_AFTER_FAILING_MS);
    expect(total).toBeLessThan(DISABLE_AFTER_FAILING_MS * 1.5);
  });

  it("aborts an attempt the receiver does not answer within the timeout, as a failure to retry", async () => {
    const teacher = await instructor();
    const hooks = await receiver();
    const { id } = await createEndpoint(server, teacher.accessToken, { url: hooks.url, eventTypes: ["enrollment.created"] });
    hooks.answerNext("hang");
    const started = Date.now();
    const result = await server.graphql(SEND_TEST, { endpointId: id }, { token: teacher.accessToken });
    expect(Date.now() - started).toBeGreaterThanOrEqual(TIMEOUT_SECONDS * 1000);
    expect(result.data!.sendWebhookTestEvent).toMatchObject({
      eventType: "webhook.test",
      status: "PENDING",
      attempts: 1,
      responseStatus: null,
      error: `no answer within ${TIMEOUT_SECONDS} s`,
    });
    expect(await server.app.platform.jobs.hasPending(DELIVERY_QUEUE, { deliveryId: databaseId(result.data!.sendWebhookTestEvent.id), attempt: 2 })).toBe(true);
  });

  it("redelivers a message with the same webhook-id, which a receiver dedupes", async () => {
    const teacher = await instructor();
    const hooks = await receiver();
    const { id, secret } = await createEndpoint(server, teacher.accessToken, { url: hooks.url, eventTypes: ["enrollment.created"] });
    const sent = (await server.graphql(SEND_TEST, { endpointId: id }, { token: teacher.accessToken })).data!.sendWebhookTestEvent;
    const again = await server.graphql(REDELIVER, { id: sent.id }, { token: teacher.accessToken });
    expect(again.errors).toBeUndefined();
    expect(again.data!.redeliverWebhookDelivery).toMatchObject({ status: "SUCCEEDED", messageId: sent.messageId });
    expect(again.data!.redeliverWebhookDelivery.id).not.toBe(sent.id);
    // The receiver's side: it acts on a webhook-id once.
    const handled = new Map<string, unknown>();
    for (const request of hooks.requests) {
      const body = verified(secret, request);
      const webhookId = request.headers["webhook-id"] as string;
      if (!handled.has(webhookId)) handled.set(webhookId, body);
    }
    expect(hooks.requests).toHaveLength(2);
    expect(handled.size).toBe(1);
    expect([...handled.keys()]).toEqual([sent.messageId]);
    const rows = await deliveriesOf(id);
    expect(rows).toHaveLength(2);
    expect(new Set(rows.map((delivery) => delivery.messageId)).size).toBe(1);
    // Another person's delivery is not theirs to send again.
    const other = await instructor();
    const refused = await server.graphql(REDELIVER, { id: sent.id }, { token: other.accessToken });
    expect(refused.errors?.[0].extensions.code).toBe("NOT_FOUND");
    expect(hooks.requests).toHaveLength(2);
  });

  it("sends again the job of a delivery left overdue, and forgets messages past their retention with nothing pending", async () => {
    const teacher = await instructor();
    const hooks = await receiver();
    const { id } = await createEndpoint(server, teacher.accessToken, { url: hooks.url, eventTypes: ["enrollment.created"] });
    const endpointId = databaseId(id);
    const testMessage = (createdAt = new Date()) =>
      server.db.webhookMessage.create({ data: { id: randomUUID(), type: "webhook.test", payload: { type: "webhook.test", timestamp: createdAt.toISOString(), data: { version: 1 } }, createdAt } });
    // A failure recorded, its retry's job never sent (the server stopped in between).
    const lost = await server.db.webhookDelivery.create({
      data: { id: randomUUID(), endpointId, messageId: (await testMessage()).id, attempts: 1, responseStatus: 500, nextAttemptAt: new Date(Date.now() - 10 * 60_000) },
    });
    const old = new Date(Date.now() - (RETENTION_DAYS + 1) * 24 * 3600_000);
    const done = await server.db.webhookDelivery.create({ data: { id: randomUUID(), endpointId, messageId: (await testMessage(old)).id, status: "SUCCEEDED", attempts: 1 } });
    const waiting = await server.db.webhookDelivery.create({
      data: { id: randomUUID(), endpointId, messageId: (await testMessage(old)).id, attempts: 1, nextAttemptAt: new Date(Date.now() + 3600_000) },
    });

    expect(await sweepDeliveries(server.app.platform)).toBeGreaterThanOrEqual(1);
    await waitUntil("the overdue delivery made", async () => (await server.db.webhookDelivery.findUniqueOrThrow({ where: { id: lost.id } })).status === "SUCCEEDED");
    expect(await server.db.webhookDelivery.findUniqueOrThrow({ where: { id: lost.id } })).toMatchObject({ attempts: 2, responseStatus: 200 });
    expect(hooks.requests).toHaveLength(1);
    expect(await server.db.webhookDelivery.findUnique({ where: { id: done.id } })).toBeNull();
    expect(await server.db.webhookMessage.findUnique({ where: { id: done.messageId } })).toBeNull();
    expect(await server.db.webhookDelivery.findUnique({ where: { id: waiting.id } })).not.toBeNull();
  });

  it("makes no second message or delivery when a domain event is delivered again", async () => {
    const teacher = await instructor();
    const { courseId } = await courseToLearn(server, teacher.accessToken, [5]);
    const hooks = await receiver();
    const { id } = await createEndpoint(server, teacher.accessToken, { url: hooks.url, eventTypes: ["enrollment.created"], courseId });
    const learner = await student();
    await enrollAs(server, learner.accessToken, courseId);
    await waitUntil("the delivery", async () => (await deliveriesOf(id))[0]?.status === "SUCCEEDED");
    const event = await server.db.domainEvent.findFirstOrThrow({ where: { name: "learning.enrolled", payload: { path: ["courseId"], equals: databaseId(courseId) } } });
    const delivered = { id: String(event.id), name: "learning.enrolled" as const, aggregate: event.aggregate, payload: event.payload as never, occurredAt: event.createdAt, deliveryKey: `${event.id}:again` };
    const [messages, deliveries] = [await server.db.webhookMessage.count(), await server.db.webhookDelivery.count()];
    await integrationsListeners["learning.enrolled"]!(delivered, server.app.platform);
    expect([await server.db.webhookMessage.count(), await server.db.webhookDelivery.count()]).toEqual([messages, deliveries]);
    const [delivery] = await deliveriesOf(id);
    expect(delivery).toMatchObject({ status: "SUCCEEDED", attempts: 1 });
    expect(await server.app.platform.jobs.hasPending(DELIVERY_QUEUE, { deliveryId: delivery.id })).toBe(false);
    expect(hooks.requests).toHaveLength(1);
  });
});

describe("what an endpoint hears, and where it may send", () => {
  it("hears the courses its owner teaches, not another instructor's; an admin's hears every course", async () => {
    const [teacher, stranger] = [await instructor(), await instructor()];
    const [mine, theirs] = [await courseToLearn(server, teacher.accessToken, [5]), await courseToLearn(server, stranger.accessToken, [5])];
    const [teacherHooks, adminHooks] = [await receiver(), await receiver()];
    const teachers = await createEndpoint(server, teacher.accessToken, { url: teacherHooks.url, eventTypes: ["enrollment.created"] });
    const admins = await createEndpoint(server, admin.accessToken, { url: adminHooks.url, eventTypes: ["enrollment.created"] });
    try {
      const learner = await student();
      await enrollAs(server, learner.accessToken, mine.courseId);
      await enrollAs(server, learner.accessToken, theirs.courseId);
      await eventsSettled();
      const coursesOf = async (endpointId: string) => (await deliveriesOf(endpointId)).map((delivery) => delivery.message.courseId);
      expect(await coursesOf(teachers.id)).toEqual([databaseId(mine.courseId)]);
      expect((await coursesOf(admins.id)).sort()).toEqual([databaseId(mine.courseId), databaseId(theirs.courseId)].sort());
    } finally {
      await server.graphql(UPDATE_ENDPOINT, { input: { id: admins.id, enabled: false } }, { token: admin.accessToken });
    }
  });

  it("sends nothing to a disabled endpoint", async () => {
    const teacher = await instructor();
    const { courseId } = await courseToLearn(server, teacher.accessToken, [5]);
    const hooks = await receiver();
    const { id } = await createEndpoint(server, teacher.accessToken, { url: hooks.url, eventTypes: ["enrollment.created"], courseId });
    await server.graphql(UPDATE_ENDPOINT, { input: { id, enabled: false } }, { token: teacher.accessToken });
    await enrollAs(server, (await student()).accessToken, courseId);
    await eventsSettled();
    expect(await deliveriesOf(id)).toEqual([]);
    const refused = await server.graphql(SEND_TEST, { endpointId: id }, { token: teacher.accessToken });
    expect(refused.errors?.[0].extensions).toMatchObject({ code: "CONFLICT", reason: "WEBHOOK_ENDPOINT_DISABLED" });
    expect(hooks.requests).toHaveLength(0);
  });

  it("refuses, in production, to send to a host that resolves to loopback, recording why; development sends", async () => {
    const teacher = await instructor();
    const hooks = await receiver();
    const { id } = await createEndpoint(server, teacher.accessToken, { url: hooks.url.replace("127.0.0.1", "localhost"), eventTypes: ["enrollment.created"] });
    const production: Platform = { ...server.app.platform, config: { ...server.app.platform.config, webhooks: { ...server.app.platform.config.webhooks, allowPrivateAddresses: false } } };
    // A delivery waiting for its first attempt.
    const message = await server.db.webhookMessage.create({ data: { id: randomUUID(), type: "webhook.test", payload: { type: "webhook.test", timestamp: new Date().toISOString(), data: { version: 1 } } } });
    const delivery = await server.db.webhookDelivery.create({ data: { id: randomUUID(), endpointId: databaseId(id), messageId: message.id } });
    await attemptDelivery(production, { deliveryId: delivery.id, attempt: 1 });
    expect(await server.db.webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } })).toMatchObject({
      status: "PENDING",
      attempts: 1,
      responseStatus: null,
      error: expect.stringMatching(/^localhost resolves to an address that is not public/),
    });
    expect(hooks.requests).toHaveLength(0);
    await attemptDelivery(server.app.platform, { deliveryId: delivery.id, attempt: 2 });
    expect(hooks.requests).toHaveLength(1);
  });
});

describe("an endpoint failing for a day", () => {
  it("is disabled at its next failure, and its owner mailed once; failing for less leaves it enabled", async () => {
    const teacher = await instructor();
    const hooks = await receiver();
    const { id } = await createEndpoint(server, teacher.accessToken, { url: hooks.url, eventTypes: ["enrollment.created"] });
    hooks.answerNext(500, 500, 500, 500);
    const first = (await server.graphql(SEND_TEST, { endpointId: id }, { token: teacher.accessToken })).data!.sendWebhookTestEvent;
    const second = (await server.graphql(SEND_TEST, { endpointId: id }, { token: teacher.accessToken })).data!.sendWebhookTestEvent;
    const endpointRow = () => server.db.webhookEndpoint.findUniqueOrThrow({ where: { id: databaseId(id) } });
    const mails = () => server.db.mailOutbox.findMany({ where: { to: teacher.email, subject: "Your webhook endpoint was disabled" } });

    // Failing for a little less than a day: retried as usual.
    await server.db.webhookEndpoint.update({ where: { id: databaseId(id) }, data: { failingSince: new Date(Date.now() - DISABLE_AFTER_FAILING_MS + 60_000) } });
    await attemptDelivery(server.app.platform, { deliveryId: databaseId(first.id), attempt: 2 });
    expect(await endpointRow()).toMatchObject({ enabled: true, disabledReason: null });
    expect(await mails()).toHaveLength(0);

    // A day and more.
    await server.db.webhookEndpoint.update({ where: { id: databaseId(id) }, data: { failingSince: new Date(Date.now() - DISABLE_AFTER_FAILING_MS - 60_000) } });
    await attemptDelivery(server.app.platform, { deliveryId: databaseId(first.id), attempt: 3 });
    expect(await endpointRow()).toMatchObject({ enabled: false, disabledReason: DISABLED_FOR_FAILING });
    expect(await server.db.webhookDelivery.findUniqueOrThrow({ where: { id: databaseId(first.id) } })).toMatchObject({ status: "FAILED", nextAttemptAt: null });
    const [mail, ...more] = await mails();
    expect(more).toHaveLength(0);
    expect(mail.text).toContain(hooks.url);

    // Its other pending delivery stops without a request, and no second mail goes out.
    const requests = hooks.requests.length;
    await attemptDelivery(server.app.platform, { deliveryId: databaseId(second.id), attempt: 2 });
    expect(hooks.requests).toHaveLength(requests);
    expect(await server.db.webhookDelivery.findUniqueOrThrow({ where: { id: databaseId(second.id) } })).toMatchObject({ status: "FAILED" });
    expect(await mails()).toHaveLength(1);

    // Enabled again by its owner: a fresh start.
    const enabled = await server.graphql(UPDATE_ENDPOINT, { input: { id, enabled: true } }, { token: teacher.accessToken });
    expect(enabled.data!.updateWebhookEndpoint).toMatchObject({ enabled: true, disabledReason: null, failingSince: null });
  });
});
