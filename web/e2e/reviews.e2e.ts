// Journey: course reviews. A learner who watched part of a course rates and reviews it; the
// course's owner replies; an admin hides an abusive review (it leaves the rating); an anonymous
// visitor sees the average and count on the card and the course page and sorts the catalog by
// rating. Enrollments, watching and the abusive review are arranged through the API.
import type { Page } from "playwright-core";
import { parseId, toGlobalId } from "../../server/src/platform/ids.ts";
import { signUp, type TestAccount } from "../../server/test/support/accounts.ts";
import { signInThroughForm } from "./support/browser.ts";
import { useJourney } from "./support/journey.ts";
import { arrangePublishedCourse } from "./support/published-course.ts";
import { screenshotBothWidths } from "./support/screenshots.ts";
import { toast } from "./support/toasts.ts";

const JOURNEY = "reviews";
// The anonymous catalog is served as in production: through the public response cache.
const journey = useJourney({ env: { PUBLIC_CACHE_SECONDS: "30" } });
let owner: TestAccount;
let admin: TestAccount;
let learner: TestAccount;
let troll: TestAccount;

/** The course's id and its first video's, global. */
async function courseIds(slug: string): Promise<{ courseId: string; videoId: string }> {
  const course = await journey.server.db.course.findUniqueOrThrow({ where: { slug }, include: { videos: true } });
  return { courseId: toGlobalId("Course", course.id), videoId: toGlobalId("Video", course.videos[0].id) };
}

/** A call through the API as the person, which must succeed. */
async function call(person: TestAccount, document: string, variables: Record<string, unknown>): Promise<void> {
  const result = await journey.server.graphql(document, variables, { token: person.accessToken });
  if (result.errors) throw new Error(JSON.stringify(result.errors));
}

/** Enrolled, and watched 60 of the course's 300 seconds (over the 10 % a rating needs). */
async function watchedPart(person: TestAccount, slug: string): Promise<string> {
  const { courseId, videoId } = await courseIds(slug);
  await call(person, `mutation ($courseId: ID!) { enroll(courseId: $courseId) { id } }`, { courseId });
  await call(person, `mutation ($input: RecordProgressInput!) { recordProgress(input: $input) { watchedSeconds } }`, {
    input: { videoId, positionSeconds: 60, watchedRanges: [{ startSeconds: 0, endSeconds: 60 }] },
  });
  return courseId;
}

function rate(person: TestAccount, courseId: string, rating: number, text: string): Promise<void> {
  return call(person, `mutation ($input: UpsertCourseReviewInput!) { upsertCourseReview(input: $input) { id } }`, { input: { courseId, rating, text } });
}

beforeAll(async () => {
  owner = await signUp(journey.server, { role: "INSTRUCTOR", displayName: "Olga Owner" });
  admin = await signUp(journey.server, { role: "ADMIN", displayName: "Ada Admin" });
  learner = await signUp(journey.server, { displayName: "Lena Learner" });
  troll = await signUp(journey.server, { displayName: "Tom Troll" });
  const ownerId = parseId(owner.id, "User", "ownerId");
  for (const [slug, title] of [
    ["watercolor-basics", "Watercolor basics"],
    ["ink-drawing", "Ink drawing"],
    ["pastel-portraits", "Pastel portraits"],
  ]) {
    await arrangePublishedCourse(journey.server, {
      ownerId,
      slug,
      title,
      description: `${title}, step by step.`,
      tags: ["painting"],
      sectionTitle: "First steps",
      video: { title: `${title}: materials`, durationSeconds: 300 },
    });
  }
  // Watercolor gets an abusive 1-star review; ink drawing a fair 3.
  const watercolor = await watchedPart(troll, "watercolor-basics");
  await rate(troll, watercolor, 1, "Worthless garbage and the teacher is an idiot.");
  const ink = await watchedPart(troll, "ink-drawing");
  await rate(troll, ink, 3, "Fine, a bit slow.");
  await watchedPart(learner, "watercolor-basics");
});

async function openAs(person: TestAccount | null): Promise<Page> {
  const { page } = await journey.openVisitor();
  if (person) await signInThroughForm(page, person.email, person.password);
  return page;
}

test("a learner rates and reviews a course, the owner replies, an admin hides an abusive review, a visitor sorts by rating", async () => {
  // The learner: rated 1.0 by one learner so far; they rate it 5 with a review.
  const page = await openAs(learner);
  await page.goto("/courses/watercolor-basics");
  await page.getByRole("heading", { level: 1, name: "Watercolor basics" }).waitFor();
  const reviews = page.getByRole("region", { name: "Reviews" });
  await reviews.getByRole("img", { name: "Rated 1.0 out of 5 by 1 learner" }).waitFor();
  await reviews.getByRole("heading", { name: "Rate this course" }).waitFor();
  // Posting without stars says what is missing, in a sentence.
  await reviews.getByRole("button", { name: "Post your review" }).click();
  await reviews.getByText("Choose from 1 to 5 stars.").waitFor();
  await reviews.getByRole("radio", { name: "5 stars: excellent" }).check({ force: true });
  await reviews.getByLabel("Your review (optional)").fill("Clear demonstrations.\nThe colour-mixing lesson alone was worth it.");
  expect(await reviews.getByRole("radio", { name: "5 stars: excellent" }).isChecked()).toBe(true);
  await reviews.getByRole("heading", { name: "Rate this course" }).scrollIntoViewIfNeeded();
  await screenshotBothWidths(page, JOURNEY, "00-learner-rating");
  await reviews.getByRole("button", { name: "Post your review" }).click();
  await toast(page, "Thank you: your review is posted.").waitFor();
  await reviews.getByRole("heading", { name: "Your review" }).waitFor();
  await reviews.getByRole("img", { name: "Rated 3.0 out of 5 by 2 learners" }).waitFor();
  await reviews.getByRole("article", { name: "Review by Lena Learner" }).waitFor();
  await screenshotBothWidths(page, JOURNEY, "01-learner-reviewed", { fullPage: true });

  // The owner replies under the learner's review, once.
  const ownerPage = await openAs(owner);
  await ownerPage.goto("/courses/watercolor-basics");
  const lenasReview = ownerPage.getByRole("article", { name: "Review by Lena Learner" });
  await lenasReview.getByRole("button", { name: "Reply to Lena Learner" }).click();
  await lenasReview.getByLabel("Your public reply").fill("Thank you, Lena! Lesson 4 goes further with glazing.");
  await lenasReview.getByRole("button", { name: "Post reply" }).click();
  await toast(ownerPage, "Your reply to Lena Learner is posted.").waitFor();
  await lenasReview.getByText("Reply from Olga Owner").waitFor();
  await lenasReview.getByRole("button", { name: "Edit reply to Lena Learner" }).waitFor();
  await screenshotBothWidths(ownerPage, JOURNEY, "02-owner-replied", { fullPage: true });

  // The admin hides the abusive review with a reason: it leaves the rating.
  const adminPage = await openAs(admin);
  await adminPage.goto("/courses/watercolor-basics");
  const trollsReview = adminPage.getByRole("article", { name: "Review by Tom Troll" });
  await trollsReview.getByRole("button", { name: "Hide review by Tom Troll" }).click();
  await trollsReview.getByRole("button", { name: "Hide review" }).click();
  await trollsReview.getByText("Say why the review is hidden.").waitFor();
  await trollsReview.getByLabel("Why hide it?").fill("Insults the instructor.");
  await trollsReview.getByRole("button", { name: "Hide review" }).click();
  await toast(adminPage, "The review by Tom Troll is hidden from the course page.").waitFor();
  await trollsReview.getByText("Hidden", { exact: true }).waitFor();
  await adminPage.getByRole("region", { name: "Reviews" }).getByRole("img", { name: "Rated 5.0 out of 5 by 1 learner" }).waitFor();
  await screenshotBothWidths(adminPage, JOURNEY, "03-admin-hid", { fullPage: true });

  // An anonymous visitor: the course page without the hidden review, and the catalog by rating.
  const visitor = await openAs(null);
  await visitor.goto("/courses/watercolor-basics");
  const visitorReviews = visitor.getByRole("region", { name: "Reviews" });
  await visitorReviews.getByRole("img", { name: "Rated 5.0 out of 5 by 1 learner" }).waitFor();
  await visitorReviews.getByText("Reply from Olga Owner").waitFor();
  expect(await visitorReviews.getByRole("article", { name: "Review by Tom Troll" }).count()).toBe(0);
  expect(await visitorReviews.getByRole("heading", { name: "Rate this course" }).count()).toBe(0);
  await screenshotBothWidths(visitor, JOURNEY, "04-visitor-course-page", { fullPage: true });

  await visitor.goto("/courses");
  await visitor.getByLabel("Sort by").selectOption({ label: "Highest rated" });
  await visitor.waitForURL(/sort=rating/);
  const titles = visitor.locator(".course-card-title");
  await visitor.waitForFunction(
    () => Array.from(document.querySelectorAll(".course-card-title")).map((title) => title.textContent).join("|") === "Watercolor basics|Ink drawing|Pastel portraits",
  );
  expect(await titles.allTextContents()).toEqual(["Watercolor basics", "Ink drawing", "Pastel portraits"]);
  const watercolorCard = visitor.getByRole("article").filter({ has: visitor.getByRole("link", { name: "Watercolor basics" }) });
  await watercolorCard.getByRole("img", { name: "Rated 5.0 out of 5 by 1 learner" }).waitFor();
  const pastelCard = visitor.getByRole("article").filter({ has: visitor.getByRole("link", { name: "Pastel portraits" }) });
  await pastelCard.getByText("Not rated yet").waitFor();
  await screenshotBothWidths(visitor, JOURNEY, "05-catalog-by-rating");
});

test("an empty course says it has no reviews yet", async () => {
  const visitor = await openAs(null);
  await visitor.goto("/courses/pastel-portraits");
  await visitor.getByRole("region", { name: "Reviews" }).getByText("No reviews yet.").waitFor();
});
