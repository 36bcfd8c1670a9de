// A course team's dashboard reads (courseAnalytics, videoAnalytics) kept per person by the response
// cache: the same person gets the same answer again for the statements that say who they are,
// until new events are taken in, the team or the course changes, or the range moves on; nobody
// else ever gets it, and whoever lost the right to see it is refused at once.
import { signUp, signUpCast, type Cast, type TestAccount } from "../src/modules/identity/identity.fixtures.ts";
import { addCoInstructor, removeCoInstructor } from "../src/modules/catalog/catalog.fixtures.ts";
import { courseToLearn, enrollAs } from "../src/modules/learning/learning.fixtures.ts";
import { COURSE_ANALYTICS, event, rolledUp, track, VIDEO_ANALYTICS } from "../src/modules/analytics/analytics.fixtures.ts";
import { analyticsRange } from "../src/modules/analytics/course-analytics.service.ts";
import { startTestServer, type TestServer, UNTHROTTLED } from "./support/test-server.ts";
import { waitUntil } from "./support/wait.ts";

const DAY_MS = 86_400_000;

let server: TestServer;
let cast: Cast;
let learner: TestAccount;
let courseId: string;
let videoId: string;
/** A fixed range around today: its answer depends on nothing but the data. */
let range: { courseId: string; from: string; to: string };
/** What a kept answer costs a signed-in request: its session and role, and its viewer's own scopes. */
let hitStatements: number;

interface Measured {
  statements: number;
  data: any;
  errors?: { extensions: { code: string } }[];
}

async function measured(query: string, variables: Record<string, unknown>, token: string): Promise<Measured> {
  let answer!: { data?: any; errors?: Measured["errors"] };
  const statements = await server.countQueries(async () => {
    answer = await server.graphql(query, variables, { token });
  });
  return { statements, data: answer.data, errors: answer.errors };
}

/** Asks until the answer is a kept one (the feed's listening connection is up), and gives it. */
async function keptFor(token: string, query = COURSE_ANALYTICS, variables: Record<string, unknown> = range): Promise<Measured> {
  let answer!: Measured;
  await waitUntil("the answer to be kept", async () => {
    answer = await measured(query, variables, token);
    // An admin's own scopes are all of them, read with one statement less.
    return answer.statements <= hitStatements;
  });
  return answer;
}

beforeAll(async () => {
  // Longer than any wait here: only a change, never age, may end a kept answer.
  server = await startTestServer({ ...UNTHROTTLED, PUBLIC_CACHE_SECONDS: "300" });
  cast = await signUpCast(server);
  learner = await signUp(server, { displayName: "Learner" });
  ({ courseId, videoIds: [videoId] } = await courseToLearn(server, cast.owner.accessToken, [60]));
  await enrollAs(server, learner.accessToken, courseId);
  await addCoInstructor(server, cast.owner.accessToken, courseId, cast.coInstructor.id);
  range = { courseId, from: new Date(Date.now() - DAY_MS).toISOString(), to: new Date(Date.now() + DAY_MS).toISOString() };
  const typename = `query Typename { __typename }`;
  await waitUntil("a kept anonymous answer", async () => (await server.countQueries(() => server.graphql(typename))) === 0);
  hitStatements = await server.countQueries(() => server.graphql(typename, {}, { token: cast.otherStudent.accessToken }));
});
afterAll(() => server.close());

it("answers a team member again from their kept answer, the same data for the statements of who they are, until new events are taken in", async () => {
  const first = await measured(COURSE_ANALYTICS, range, cast.owner.accessToken);
  expect(first.errors).toBeUndefined();
  expect(first.statements).toBeGreaterThan(hitStatements);
  const kept = await keptFor(cast.owner.accessToken);
  expect(kept.data).toEqual(first.data);
  expect(kept.data.courseAnalytics.videos[0].views).toBe(0);

  await track(server, learner.accessToken, [event({ type: "VIDEO_PLAY", courseId, videoId, positionSeconds: 0 })]);
  await rolledUp(server);
  let after!: Measured;
  await waitUntil("the kept answer to give way to the new figures", async () => {
    after = await measured(COURSE_ANALYTICS, range, cast.owner.accessToken);
    return after.data.courseAnalytics.videos[0].views === 1;
  });
  expect(after.data.courseAnalytics.activeLearners).toBe(1);
  expect((await keptFor(cast.owner.accessToken)).data).toEqual(after.data);
});

it("never gives one person's kept answer to another: each of the team executes their own, others are refused", async () => {
  await keptFor(cast.owner.accessToken);
  for (const person of ["coInstructor", "admin"] as const) {
    const own = await measured(COURSE_ANALYTICS, range, cast[person].accessToken);
    expect({ person, executed: own.statements > hitStatements, errors: own.errors }).toEqual({ person, executed: true, errors: undefined });
    expect((await keptFor(cast[person].accessToken)).data).toEqual(own.data);
  }
  for (const person of ["otherInstructor", "student"] as const) {
    for (const attempt of [1, 2]) {
      const refused = await measured(COURSE_ANALYTICS, range, cast[person].accessToken);
      expect({ person, attempt, code: refused.errors?.[0].extensions.code, data: refused.data }).toEqual({ person, attempt, code: "FORBIDDEN", data: null });
    }
  }
});

it("refuses a co-instructor removed from the team at their next request, though their answer was kept", async () => {
  const videoRange = { videoId, from: range.from, to: range.to };
  await keptFor(cast.coInstructor.accessToken, VIDEO_ANALYTICS, videoRange);
  await removeCoInstructor(server, cast.owner.accessToken, courseId, cast.coInstructor.id);
  const refused = await measured(VIDEO_ANALYTICS, videoRange, cast.coInstructor.accessToken);
  expect(refused.errors?.[0].extensions.code).toBe("FORBIDDEN");
  expect(refused.data).toBeNull();
  await addCoInstructor(server, cast.owner.accessToken, courseId, cast.coInstructor.id);
});

it("refuses a demoted admin at their next request, though their answer was kept", async () => {
  const demoted = await signUp(server, { role: "ADMIN", displayName: "Admin for a while" });
  await keptFor(demoted.accessToken);
  await server.db.user.update({ where: { email: demoted.email }, data: { role: "STUDENT" } });
  const refused = await measured(COURSE_ANALYTICS, range, demoted.accessToken);
  expect(refused.errors?.[0].extensions.code).toBe("FORBIDDEN");
  expect(refused.data).toBeNull();
});

it("executes every API key's request: the shield checks its scopes field by field", async () => {
  for (const attempt of [1, 2]) {
    const read = await measured(COURSE_ANALYTICS, range, cast.keys.ownerKey);
    expect({ attempt, executed: read.statements > hitStatements, errors: read.errors }).toEqual({ attempt, executed: true, errors: undefined });
  }
});

it("keeps the default range, the last 30 whole UTC days to the end of today, which holds all day", async () => {
  const kept = await keptFor(cast.owner.accessToken, COURSE_ANALYTICS, { courseId });
  const endOfToday = Date.parse(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`) + DAY_MS;
  const { from, to } = kept.data.courseAnalytics;
  // The day may turn between the answer and this line.
  expect([endOfToday, endOfToday + DAY_MS]).toContain(Date.parse(to));
  expect(Date.parse(to) - Date.parse(from)).toBe(30 * DAY_MS);
  expect(kept.data.courseAnalytics.daily).toHaveLength(30);
});

it("makes the default range from the day of `now`, and keeps a given end as it is", () => {
  const now = new Date("2026-03-10T23:59:59.999Z");
  expect(analyticsRange(null, null, now)).toEqual({ from: new Date("2026-02-09T00:00:00Z"), to: new Date("2026-03-11T00:00:00Z") });
  const to = new Date("2026-03-05T12:00:00Z");
  expect(analyticsRange(null, to, now)).toEqual({ from: new Date("2026-02-03T12:00:00Z"), to });
});
