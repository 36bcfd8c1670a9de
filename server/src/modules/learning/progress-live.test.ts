// Live progress over graphql-ws: myProgressUpdated reaches the learner's other devices and
// courseProgressFeed the course's instructors and admins, once a report is committed. Refused
// subscribers get an error and no event; a subscription whose viewer lost the right ends at the
// next event without it. Each positive wait reports again until the event arrives, so no test
// depends on when the server takes a subscription.
import type { GraphQLFormattedError } from "graphql";
import type { Client } from "graphql-ws";
import { startTestServer, UNTHROTTLED, type TestServer } from "../../../test/support/test-server.ts";
import { waitUntil } from "../../../test/support/wait.ts";
import { databaseId } from "../../../test/support/ids.ts";
import { addCoInstructor, removeCoInstructor } from "../catalog/catalog.fixtures.ts";
import { signUp, signUpCast, type Cast, type TestAccount } from "../identity/identity.fixtures.ts";
import { courseToLearn, enrollAs, record, REVOKE, type Report } from "./learning.fixtures.ts";
import { publishProgress } from "./progress-feed.ts";

let server: TestServer;
let cast: Cast;
beforeAll(async () => {
  server = await startTestServer(UNTHROTTLED);
  cast = await signUpCast(server);
});
afterAll(() => server.close());

const MY_PROGRESS = /* GraphQL */ `
  subscription ($courseId: ID) { myProgressUpdated(courseId: $courseId) { completedVideos watchedSeconds resumeVideo { id } resumePositionSeconds } }
`;
const COURSE_FEED = /* GraphQL */ `
  subscription ($courseId: ID!) { courseProgressFeed(courseId: $courseId) { at course { id } learner { id } video { id } progress { watchedSeconds } } }
`;

const COURSE_FEED_COMPLETION = /* GraphQL */ `
  subscription ($courseId: ID!) { courseProgressFeed(courseId: $courseId) { progress { completed completedVideos } } }
`;

interface Watch {
  events: Record<string, any>[];
  errors: GraphQLFormattedError[];
  ended: boolean;
}

/** Subscribes with the client; collects the events (the field's values), the errors and whether it ended. */
function watch(client: Client, query: string, variables: Record<string, unknown>): Watch {
  const seen: Watch = { events: [], errors: [], ended: false };
  client.subscribe<Record<string, unknown>>(
    { query, variables },
    {
      next: (result) => {
        if (result.data) seen.events.push(...(Object.values(result.data) as Record<string, any>[]));
        if (result.errors) seen.errors.push(...result.errors);
      },
      error: (error) => {
        seen.errors.push(...(Array.isArray(error) ? error : [{ message: `closed ${(error as { code?: number }).code}` }]));
        seen.ended = true;
      },
      complete: () => void (seen.ended = true),
    },
  );
  return seen;
}

/** Reports (the same report again each time: the union takes it once) until every watch has an event of it. */
async function reportUntilHeard(learner: TestAccount, report: Report, watches: Watch[], heard: (event: Record<string, any>) => boolean) {
  await waitUntil("the report's event", async () => {
    const result = await record(server, learner.accessToken, report);
    if (result.errors) throw new Error(`recordProgress failed: ${JSON.stringify(result.errors)}`);
    return watches.every((seen) => seen.events.some(heard));
  });
}

const refusedWith = (seen: Watch, code: string) => seen.ended && seen.errors.some((error) => error.extensions?.code === code);

async function learnerIn(durations: number[]) {
  const course = await courseToLearn(server, cast.owner.accessToken, durations);
  const learner = await signUp(server);
  const enrollmentId = await enrollAs(server, learner.accessToken, course.courseId);
  return { ...course, learner, enrollmentId };
}

describe("myProgressUpdated", () => {
  it("brings the learner's other device each committed report of the course, and nothing to another learner", async () => {
    const { courseId, videoIds, learner } = await learnerIn([100, 100]);
    const otherLearner = await signUp(server);
    await enrollAs(server, otherLearner.accessToken, courseId);
    const otherDevice = watch(server.subscriptionClient(learner.accessToken), MY_PROGRESS, { courseId });
    const everyCourse = watch(server.subscriptionClient(learner.accessToken), MY_PROGRESS, {});
    const otherLearnersDevice = watch(server.subscriptionClient(otherLearner.accessToken), MY_PROGRESS, { courseId });
    const firstReport = { videoId: videoIds[1], positionSeconds: 30, watchedRanges: [[0, 30]] } satisfies Report;
    await reportUntilHeard(learner, firstReport, [otherDevice, everyCourse], (event) => event.watchedSeconds === 30);
    expect(otherDevice.events.at(-1)).toEqual({ completedVideos: 0, watchedSeconds: 30, resumeVideo: { id: videoIds[1] }, resumePositionSeconds: 30 });
    const ownReport = { videoId: videoIds[0], positionSeconds: 7, watchedRanges: [[0, 7]] } satisfies Report;
    await reportUntilHeard(otherLearner, ownReport, [otherLearnersDevice], (event) => event.watchedSeconds === 7);
    // The other learner's subscription heard its own report after the first learner's were delivered: never theirs.
    expect(otherLearnersDevice.events.every((event) => event.watchedSeconds === 7)).toBe(true);
    expect([otherDevice.errors, everyCourse.errors, otherLearnersDevice.errors]).toEqual([[], [], []]);
  });

  it("refuses a student not enrolled in the course and anonymous subscribers", async () => {
    const { courseId } = await learnerIn([100]);
    const student = watch(server.subscriptionClient(cast.student.accessToken), MY_PROGRESS, { courseId });
    const anonymous = watch(server.subscriptionClient(), MY_PROGRESS, { courseId });
    await waitUntil("the refusals", () => refusedWith(student, "FORBIDDEN") && refusedWith(anonymous, "UNAUTHENTICATED"));
    expect(student.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ reason: "NOT_ENROLLED" }) })]);
    expect([student.events, anonymous.events]).toEqual([[], []]);
  });

  it("ends for a learner whose enrollment was revoked, at the next event, without sending it", async () => {
    const { courseId, videoIds, learner, enrollmentId } = await learnerIn([100]);
    const otherDevice = watch(server.subscriptionClient(learner.accessToken), MY_PROGRESS, { courseId });
    await reportUntilHeard(learner, { videoId: videoIds[0], positionSeconds: 10, watchedRanges: [[0, 10]] }, [otherDevice], () => true);
    await server.graphql(REVOKE, { enrollmentId }, { token: cast.admin.accessToken });
    // A report committed just before the revocation, whose event is delivered after it: what it
    // would show (50 s) differs from what the reports before showed (10 s, which may still be on
    // their way to the device, sent before the revocation).
    await server.db.$executeRaw`UPDATE video_progress SET watched = '{[0,50)}'::nummultirange WHERE enrollment_id = ${databaseId(enrollmentId)}::uuid`;
    publishProgress(server.app.platform, {
      enrollmentId: databaseId(enrollmentId),
      userId: databaseId(learner.id),
      courseId: databaseId(courseId),
      videoId: databaseId(videoIds[0]),
      at: new Date().toISOString(),
    });
    await waitUntil("the subscription's end", () => refusedWith(otherDevice, "FORBIDDEN"));
    expect(otherDevice.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ reason: "ENROLLMENT_ENDED" }) })]);
    expect(otherDevice.events.map((event) => event.watchedSeconds)).not.toContain(50);
  });
});

describe("courseProgressFeed", () => {
  it("sends the course's owner, co-instructors and admins each learner's committed reports", async () => {
    const { courseId, videoIds, learner } = await learnerIn([100]);
    await addCoInstructor(server, cast.owner.accessToken, courseId, cast.coInstructor.id);
    const team = [cast.owner, cast.coInstructor, cast.admin].map((person) =>
      watch(server.subscriptionClient(person.accessToken), COURSE_FEED, { courseId }),
    );
    const report = { videoId: videoIds[0], positionSeconds: 40, watchedRanges: [[0, 40]] } satisfies Report;
    await reportUntilHeard(learner, report, team, (event) => event.progress.watchedSeconds === 40);
    for (const seen of team) {
      expect(seen.events.at(-1)).toEqual({
        at: expect.any(String),
        course: { id: courseId },
        learner: { id: learner.id },
        video: { id: videoIds[0] },
        progress: { watchedSeconds: 40 },
      });
      expect(seen.errors).toEqual([]);
    }
  });

  // The completing report's own event is committed before the completion: the completion must be
  // an event of its own, or the team could read the progress in between and never hear the end.
  it("sends the course's completion after the report that completes it, without another report", async () => {
    const { courseId, videoIds, learner, enrollmentId } = await learnerIn([10]);
    const feed = watch(server.subscriptionClient(cast.owner.accessToken), COURSE_FEED_COMPLETION, { courseId });
    await reportUntilHeard(learner, { videoId: videoIds[0], positionSeconds: 2, watchedRanges: [[0, 2]] }, [feed], () => true);
    const completing = await record(server, learner.accessToken, { videoId: videoIds[0], positionSeconds: 10, watchedRanges: [[0, 10]] });
    expect(completing.errors).toBeUndefined();
    await waitUntil("the completion's event", () => feed.events.some((event) => event.progress.completed));
    expect(feed.events.at(-1)).toMatchObject({ progress: { completed: true, completedVideos: 1 } });
    expect(feed.errors).toEqual([]);
    // What guarantees it whatever the timing: a progress event committed after the completion's.
    // The certificate's event, issued by a listener of the completion, lands before or after it.
    const outbox = await server.db.domainEvent.findMany({
      where: { aggregate: `enrollment:${databaseId(enrollmentId)}`, name: { in: ["learning.progressRecorded", "learning.courseCompleted"] } },
      orderBy: { id: "asc" },
    });
    expect(outbox.map((event) => event.name).slice(-3)).toEqual(["learning.progressRecorded", "learning.courseCompleted", "learning.progressRecorded"]);
  });

  it("refuses a student, a learner of the course, another instructor and anonymous subscribers, who get no event", async () => {
    const { courseId, videoIds, learner } = await learnerIn([100]);
    const owner = watch(server.subscriptionClient(cast.owner.accessToken), COURSE_FEED, { courseId });
    const refused = [
      [watch(server.subscriptionClient(cast.student.accessToken), COURSE_FEED, { courseId }), "FORBIDDEN"],
      [watch(server.subscriptionClient(learner.accessToken), COURSE_FEED, { courseId }), "FORBIDDEN"],
      [watch(server.subscriptionClient(cast.otherInstructor.accessToken), COURSE_FEED, { courseId }), "FORBIDDEN"],
      [watch(server.subscriptionClient(), COURSE_FEED, { courseId }), "UNAUTHENTICATED"],
    ] as const;
    await waitUntil("the refusals", () => refused.every(([seen, code]) => refusedWith(seen, code)));
    await reportUntilHeard(learner, { videoId: videoIds[0], positionSeconds: 5, watchedRanges: [[0, 5]] }, [owner], () => true);
    // Each refused subscription ended with its refusal, before the report: nothing can follow it.
    for (const [seen] of refused) expect(seen.events).toEqual([]);
  });

  // A course's dashboard open in many tabs, or on a wall screen per room, is one viewer asking the
  // same thing: each event is answered once for all of them (one session read, one execution).
  it("answers an event once for the subscriptions of one viewer with one operation, and apart for another viewer", async () => {
    const { courseId, videoIds, learner, enrollmentId } = await learnerIn([100]);
    const eventAt = (at: string) => ({
      enrollmentId: databaseId(enrollmentId),
      userId: databaseId(learner.id),
      courseId: databaseId(courseId),
      videoId: databaseId(videoIds[0]),
      at,
    });
    let sent = 0;
    /** Publishes one event and waits for every watch to have it: by then every earlier event was answered too (one queue per subscription). */
    const deliver = async (watches: Watch[]) => {
      const at = new Date(Date.UTC(2026, 0, 1, 0, 0, (sent += 1))).toISOString();
      publishProgress(server.app.platform, eventAt(at));
      await waitUntil(`event ${at} at every subscription`, () => watches.every((seen) => seen.events.some((event) => event.at === at)));
    };
    /** Opened: the subscriptions are live once an event reaches them (published again until it does). */
    const open = async (watches: Watch[]) => {
      await waitUntil("the subscriptions to be live", async () => {
        publishProgress(server.app.platform, eventAt(new Date().toISOString()));
        return watches.every((seen) => seen.events.length > 0);
      });
      await deliver(watches);
    };
    const ownerWatch = () => watch(server.subscriptionClient(cast.owner.accessToken), COURSE_FEED, { courseId });

    const first = [ownerWatch()];
    await open(first);
    const answeringOne = await server.countQueries(() => deliver(first));
    const many = [...first, ...Array.from({ length: 9 }, ownerWatch)];
    await open(many);
    const answeringTen = await server.countQueries(() => deliver(many));
    const withAdmin = [...many, watch(server.subscriptionClient(cast.admin.accessToken), COURSE_FEED, { courseId })];
    await open(withAdmin);
    const answeringTwoViewers = await server.countQueries(() => deliver(withAdmin));

    expect(answeringOne).toBeGreaterThan(0);
    expect(answeringTen).toBe(answeringOne);
    expect(answeringTwoViewers).toBeGreaterThan(answeringOne);
    const lastOf = (seen: Watch) => seen.events.at(-1);
    expect(new Set(withAdmin.map((seen) => JSON.stringify(lastOf(seen)))).size).toBe(1);
    expect(lastOf(withAdmin[0])).toMatchObject({ course: { id: courseId }, learner: { id: learner.id }, video: { id: videoIds[0] } });
    expect(withAdmin.flatMap((seen) => seen.errors)).toEqual([]);
  });

  it("ends for a co-instructor removed from the course meanwhile, at the next event, without sending it", async () => {
    const { courseId, videoIds, learner } = await learnerIn([100, 100]);
    await addCoInstructor(server, cast.owner.accessToken, courseId, cast.coInstructor.id);
    const coInstructor = watch(server.subscriptionClient(cast.coInstructor.accessToken), COURSE_FEED, { courseId });
    const owner = watch(server.subscriptionClient(cast.owner.accessToken), COURSE_FEED, { courseId });
    await reportUntilHeard(learner, { videoId: videoIds[0], watchedRanges: [[0, 5]] }, [coInstructor, owner], () => true);
    await removeCoInstructor(server, cast.owner.accessToken, courseId, cast.coInstructor.id);
    await reportUntilHeard(learner, { videoId: videoIds[1], watchedRanges: [[0, 5]] }, [owner], (event) => event.video.id === videoIds[1]);
    await waitUntil("the co-instructor's subscription's end", () => refusedWith(coInstructor, "FORBIDDEN"));
    expect(coInstructor.events.some((event) => event.video.id === videoIds[1])).toBe(false);
  });
});
