// What analytics records of the other modules' events: purchases and refunds as revenue net of
// refunds, enrollments, tutor questions on the confusion heatmap at their moment, wrong quiz
// answers at the moments their questions cover, and a domain event delivered twice (after a
// crash) counted once.
import { randomUUID } from "node:crypto";
import { startTestServer, UNTHROTTLED, type TestServer } from "../../../test/support/test-server.ts";
import { buyer, LOCAL_BILLING_ENV, paidCourse, purchased, REFUND } from "../billing/billing.fixtures.ts";
import { signUp, signUpCast, type Cast } from "../identity/identity.fixtures.ts";
import { enrollAs } from "../learning/learning.fixtures.ts";
import { ASK, courseWithTranscript } from "../tutor/tutor.fixtures.ts";
import { answersTo, courseWithSection, createQuizAs, sampleQuestions, startAttemptAs, SUBMIT_ATTEMPT } from "../assessment/assessment.fixtures.ts";
import { analyticsListeners } from "./analytics.events.ts";
import { analyticsSettled, COURSE_ANALYTICS, rolledUp, VIDEO_ANALYTICS } from "./analytics.fixtures.ts";

let server: TestServer;
let cast: Cast;
beforeAll(async () => {
  server = await startTestServer({ ...UNTHROTTLED, ...LOCAL_BILLING_ENV, TUTOR_REQUESTS_PER_MINUTE: "1000" });
  cast = await signUpCast(server);
});
afterAll(() => server.close());


it("counts purchases' revenue net of refunds, and their enrollments", async () => {
  const { courseId } = await paidCourse(server, cast.owner.accessToken, 4900);
  const [ada, bob] = [await buyer(server), await buyer(server)];
  await purchased(server, ada.accessToken, courseId);
  const payment = await purchased(server, bob.accessToken, courseId);
  const refunded = await server.graphql(REFUND, { paymentId: payment.id, amountCents: 1000 }, { token: cast.owner.accessToken });
  expect(refunded.errors).toBeUndefined();
  await analyticsSettled(server);
  const result = await server.graphql(COURSE_ANALYTICS, { courseId }, { token: cast.owner.accessToken });
  expect(result.errors).toBeUndefined();
  expect(result.data!.courseAnalytics).toMatchObject({ revenueCents: 2 * 4900 - 1000, enrollments: 2 });
  expect(result.data!.courseAnalytics.daily.at(-1)).toMatchObject({ revenueCents: 8800, enrollments: 2 });
});

it("puts a tutor question on the heatmap at the moment it was asked", async () => {
  const { courseId, videoId } = await courseWithTranscript(server, cast.owner.accessToken, ["Generics keep the type of an argument."]);
  const learner = await signUp(server);
  await enrollAs(server, learner.accessToken, courseId);
  const asked = await server.graphql(ASK, { input: { courseId, videoId, positionSeconds: 23.5, question: "What do generics keep?" } }, { token: learner.accessToken });
  expect(asked.errors).toBeUndefined();
  await analyticsSettled(server);
  const result = await server.graphql(VIDEO_ANALYTICS, { videoId }, { token: cast.owner.accessToken });
  expect(result.data!.videoAnalytics.confusion).toEqual([
    { startSeconds: 20, endSeconds: 25, score: 0.2, rewinds: 0, pauses: 0, confusedFlags: 0, tutorQuestions: 1, wrongAnswers: 0 },
  ]);
});

it("puts each wrong quiz answer on the heatmap at the moments its question covers, and no right answer or team preview", async () => {
  const { courseId, videoIds, sectionId } = await courseWithSection(server, cast.owner.accessToken);
  const [videoId] = videoIds;
  // The first question covers second 2 and the third seconds 1 and 3; the second covers nothing.
  const questions: Record<string, unknown>[] = sampleQuestions(videoId);
  questions[2] = { ...questions[2], coveredMoments: [{ videoId, seconds: 1 }, { videoId, seconds: 3 }] };
  const quiz = await createQuizAs(server, cast.owner.accessToken, { sectionId, questions, attemptLimit: null });
  const submit = async (token: string, right: boolean) => {
    const attempt = await startAttemptAs(server, token, quiz.id);
    const submitted = await server.graphql(SUBMIT_ATTEMPT, { input: { attemptId: attempt.id, answers: answersTo(quiz.questions, right) } }, { token });
    expect(submitted.errors).toBeUndefined();
  };
  const [wrong, right] = [await signUp(server), await signUp(server)];
  for (const learner of [wrong, right]) await enrollAs(server, learner.accessToken, courseId);
  await submit(wrong.accessToken, false);
  await submit(right.accessToken, true);
  await submit(cast.owner.accessToken, false);
  await analyticsSettled(server);
  const result = await server.graphql(VIDEO_ANALYTICS, { videoId }, { token: cast.owner.accessToken });
  expect(result.data!.videoAnalytics.confusion).toEqual([
    { startSeconds: 0, endSeconds: 4, score: 0.2, rewinds: 0, pauses: 0, confusedFlags: 0, tutorQuestions: 0, wrongAnswers: 3 },
  ]);
});

it("records a domain event delivered twice once", async () => {
  const userId = randomUUID();
  const courseId = randomUUID();
  const delivered = {
    id: "987654321",
    name: "learning.enrolled" as const,
    aggregate: `enrollment:${randomUUID()}`,
    payload: { enrollmentId: randomUUID(), userId, courseId, source: "FREE" as const },
    occurredAt: new Date(),
    deliveryKey: "test",
  };
  await analyticsListeners["learning.enrolled"]!(delivered, server.app.platform);
  await analyticsListeners["learning.enrolled"]!(delivered, server.app.platform);
  expect(await server.db.analyticsEvent.count({ where: { courseId } })).toBe(1);
  await rolledUp(server);
  expect(await server.db.analyticsCourseDay.findMany({ where: { courseId }, select: { enrollments: true } })).toEqual([{ enrollments: 1 }]);
});
