// Journey: a platform with payments and the tutor turned off (FEATURE_PAYMENTS=off, FEATURE_TUTOR=off).
// A visitor on a paid course's page reads that purchases are paused, and finds no buy button; a
// learner of a free course watches its lesson with no tutor panel beside the player.
import { signUp, type TestAccount } from "../../server/test/support/accounts.ts";
import { databaseId } from "../../server/test/support/ids.ts";
import { toGlobalId } from "../../server/src/platform/ids.ts";
import { signInThroughForm } from "./support/browser.ts";
import { useJourney } from "./support/journey.ts";

const journey = useJourney({ env: { FEATURE_PAYMENTS: "off", FEATURE_TUTOR: "off" } });
let learner: TestAccount;
let free: { courseId: string; videoId: string };

/**
 * A published course of one READY video, straight in the database (as support/published-course.ts
 * does): neither page needs the video to play. Answers the global ids the web client's paths use.
 */
async function arrangeCourse(ownerId: string, spec: { slug: string; title: string; priceCents: number }) {
  const course = await journey.server.db.course.create({
    data: { ownerId, ...spec, description: "", status: "PUBLISHED", publishedAt: new Date() },
  });
  const video = await journey.server.db.video.create({
    data: { courseId: course.id, title: "Lesson 1", position: 0, status: "READY", durationSeconds: 60 },
  });
  return { courseId: toGlobalId("Course", course.id), videoId: toGlobalId("Video", video.id) };
}

const ENROLL = /* GraphQL */ `mutation ($courseId: ID!) { enroll(courseId: $courseId) { id } }`;

beforeAll(async () => {
  const owner = await signUp(journey.server, { role: "INSTRUCTOR", displayName: "Olga Owner" });
  await arrangeCourse(databaseId(owner.id), { slug: "bread-at-home", title: "Bread at home", priceCents: 4900 });
  free = await arrangeCourse(databaseId(owner.id), { slug: "knife-skills", title: "Knife skills", priceCents: 0 });
  learner = await signUp(journey.server, { displayName: "Lena Learner" });
  const enrolled = await journey.server.graphql(ENROLL, { courseId: free.courseId }, { token: learner.accessToken });
  if (!enrolled.data?.enroll) throw new Error(`enroll failed: ${JSON.stringify(enrolled.errors)}`);
});

test("a paid course's page says purchases are paused, and offers no buy button", async () => {
  const { page } = await journey.openVisitor();
  await page.goto("/courses/bread-at-home");
  await page.getByRole("heading", { level: 1, name: "Bread at home" }).waitFor();
  await page.getByText("Purchases are paused right now; this course can't be bought at the moment.").waitFor();
  expect(await page.getByRole("button", { name: /^Buy for/ }).count()).toBe(0);
});

test("a learner watches a lesson with no tutor panel beside the player", async () => {
  const { page } = await journey.openVisitor();
  await signInThroughForm(page, learner.email, learner.password);
  await page.goto(`/learn/courses/${encodeURIComponent(free.courseId)}/videos/${encodeURIComponent(free.videoId)}`);
  await page.getByRole("heading", { level: 1, name: "Lesson 1" }).waitFor();
  await page.getByRole("progressbar", { name: "Your progress" }).waitFor();
  // Once the page's requests are over, the features are known: a tutor turned on would show its panel by now.
  await page.waitForLoadState("networkidle");
  expect(await page.getByRole("region", { name: "Ask the tutor" }).count()).toBe(0);
  expect(await page.getByText("Loading the tutor…").count()).toBe(0);
});
