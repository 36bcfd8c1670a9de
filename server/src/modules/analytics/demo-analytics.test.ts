// The demo course's analytics (prisma/seed-analytics.ts): through the store, every figure of the
// dashboard has something to show, and the last video has its hotspot where the seed puts it.
import { databaseId } from "../../../test/support/ids.ts";
import { startTestServer, UNTHROTTLED, type TestServer } from "../../../test/support/test-server.ts";
import { seedDemoAnalytics } from "../../../../prisma/seed-analytics.ts";
import { signUp } from "../identity/identity.fixtures.ts";
import { courseToLearn } from "../learning/learning.fixtures.ts";
import { COURSE_ANALYTICS, rolledUp } from "./analytics.fixtures.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer(UNTHROTTLED);
});
afterAll(() => server.close());

it("gives the demo course's dashboard every figure, and a hotspot at 60 % of its last video", async () => {
  const owner = await signUp(server, { role: "INSTRUCTOR" });
  const durations = [12, 10, 15];
  const { courseId, videoIds } = await courseToLearn(server, owner.accessToken, durations);
  await seedDemoAnalytics(server.db, databaseId(courseId), videoIds.map((id, index) => ({ id: databaseId(id), seconds: durations[index] })));
  await rolledUp(server);
  const result = await server.graphql(COURSE_ANALYTICS, { courseId }, { token: owner.accessToken });
  expect(result.errors).toBeUndefined();
  const figures = result.data!.courseAnalytics;
  expect(figures.enrollments).toBe(24);
  expect(figures.activeLearners).toBeGreaterThan(10);
  expect(figures.completions).toBeGreaterThan(0);
  expect(figures.watchTimeSeconds).toBeGreaterThan(0);
  expect(figures.daily.filter((day: { activeLearners: number }) => day.activeLearners > 0).length).toBeGreaterThan(7);
  const [first, , last] = figures.videos;
  expect(first.uniqueViewers).toBeGreaterThan(last.uniqueViewers);
  expect(last.retention[0].viewers).toBeGreaterThan(last.retention.at(-1).viewers);
  const top = [...last.confusion].sort((a: { score: number }, b: { score: number }) => b.score - a.score)[0];
  expect(top).toMatchObject({ startSeconds: 5 });
  expect(top.rewinds + top.confusedFlags).toBeGreaterThan(0);
});
