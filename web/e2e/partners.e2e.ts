// Journey: the partner page. An instructor opens "Partner API" from the menu, creates an API key
// (its secret shown once, and working against the API), adds a webhook endpoint for their course
// at a receiver on loopback (its signing secret shown once), sends a test event and sees it
// delivered; a learner then enrolls and completes the course, and the receiver gets both events
// signed as Standard Webhooks say (checked with the standardwebhooks package), which the
// endpoint's deliveries list too; the key reads the same learner's xAPI statements; the key,
// revoked, is refused.
import { Webhook } from "standardwebhooks";
import { signUp, type TestAccount } from "../../server/test/support/accounts.ts";
import { waitUntil } from "../../server/test/support/wait.ts";
import { allLearningRecords, startReceiver, type Receiver } from "../../server/src/modules/integrations/integrations.fixtures.ts";
import { XAPI_VERBS } from "../../server/src/modules/integrations/xapi-statements.ts";
import { toGlobalId } from "../../server/src/platform/ids.ts";
import { databaseId } from "../../server/test/support/ids.ts";
import { signInThroughForm } from "./support/browser.ts";
import { useJourney } from "./support/journey.ts";
import { arrangePublishedCourse } from "./support/published-course.ts";
import { screenshotBothWidths } from "./support/screenshots.ts";

const JOURNEY = "partners";
// Learning records shown as soon as stored: the journey reads them right after the learner's work.
const journey = useJourney({ env: { XAPI_SETTLE_SECONDS: "0" } });
let instructor: TestAccount;
let learner: TestAccount;
let receiver: Receiver;
let course: { id: string; videoId: string };
const ENROLL = /* GraphQL */ `mutation ($courseId: ID!) { enroll(courseId: $courseId) { id } }`;
const WATCHED = /* GraphQL */ `mutation ($input: RecordProgressInput!) { recordProgress(input: $input) { completed } }`;

beforeAll(async () => {
  instructor = await signUp(journey.server, { role: "INSTRUCTOR", displayName: "Pat Partner" });
  learner = await signUp(journey.server, { displayName: "Lee Learner" });
  await arrangePublishedCourse(journey.server, {
    ownerId: databaseId(instructor.id),
    slug: "integrations-101",
    title: "Integrations 101",
    description: "Connecting systems.",
    tags: [],
    sectionTitle: "Basics",
    video: { title: "Webhooks", durationSeconds: 60 },
  });
  const row = await journey.server.db.course.findUniqueOrThrow({ where: { slug: "integrations-101" } });
  const video = await journey.server.db.video.findFirstOrThrow({ where: { courseId: row.id } });
  course = { id: toGlobalId("Course", row.id), videoId: toGlobalId("Video", video.id) };
  receiver = await startReceiver();
});
afterAll(() => receiver.close());

/** The API as a partner's system calls it, with an API key. */
async function withKey(key: string, query: string): Promise<{ data?: any; errors?: { extensions: { code: string } }[] }> {
  const response = await fetch(`${journey.server.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
    body: JSON.stringify({ query }),
  });
  return response.json();
}

/** The receiver's request `index`, its signature checked with the secret; its event. */
function verifiedEvent(secret: string, index: number) {
  const { headers, body } = receiver.requests[index];
  return new Webhook(secret).verify(body, {
    "webhook-id": String(headers["webhook-id"]),
    "webhook-timestamp": String(headers["webhook-timestamp"]),
    "webhook-signature": String(headers["webhook-signature"]),
  }) as { type: string; data: Record<string, unknown> };
}

test("an instructor makes a key and a webhook endpoint, receives signed events when a learner enrolls and completes, and reads their xAPI statements", async () => {
  const { page } = await journey.openVisitor();
  await signInThroughForm(page, instructor.email, instructor.password);
  await page.getByRole("link", { name: "Partner API" }).first().click();
  await page.getByRole("heading", { name: "Partner API" }).waitFor();
  await page.getByText("You have no API keys yet.").waitFor();
  await page.getByText("No endpoint yet.").waitFor();

  // A key: refused without a scope, then made; its secret is shown once and works.
  const keyForm = page.getByRole("form", { name: "New API key" });
  await keyForm.getByLabel("Name").fill("Our LMS bridge");
  await keyForm.getByRole("button", { name: "Create API key" }).click();
  await keyForm.getByText("Choose at least one scope.", { exact: false }).waitFor();
  await keyForm.getByRole("checkbox", { name: /webhooks:manage/ }).check();
  await keyForm.getByRole("checkbox", { name: /catalog:read/ }).check();
  await keyForm.getByRole("checkbox", { name: /learning-records:read/ }).check();
  await keyForm.getByRole("button", { name: "Create API key" }).click();
  const keyShown = page.getByRole("region", { name: "The key Our LMS bridge" });
  const key = (await keyShown.locator(".secret-value").innerText()).trim();
  expect(key.length).toBeGreaterThan(20);
  await page.getByRole("listitem").filter({ hasText: "Our LMS bridge" }).getByText("Active").waitFor();
  expect((await withKey(key, "query { webhookEndpoints(first: 5) { totalCount } }")).data).toEqual({ webhookEndpoints: { totalCount: 0 } });
  await keyShown.getByRole("button", { name: "I have kept it" }).click();

  // An endpoint for the course, at the receiver: its signing secret shown once.
  const endpointForm = page.getByRole("form", { name: "New webhook endpoint" });
  await endpointForm.getByLabel("URL").fill(receiver.url);
  await endpointForm.getByLabel("Description (optional)").fill("Enrollments into our CRM");
  await endpointForm.getByLabel("Courses").selectOption({ label: "Integrations 101" });
  await endpointForm.getByRole("checkbox", { name: /enrollment\.created/ }).check();
  await endpointForm.getByRole("checkbox", { name: /enrollment\.completed/ }).check();
  await endpointForm.getByRole("button", { name: "Add endpoint" }).click();
  const secretShown = page.getByRole("region", { name: `The signing secret of ${receiver.url}` });
  const secret = (await secretShown.locator(".secret-value").innerText()).trim();
  expect(secret).toMatch(/^whsec_/);
  const endpoint = page.getByRole("listitem").filter({ hasText: receiver.url });
  await endpoint.getByText("Events of Integrations 101: enrollment.created, enrollment.completed.", { exact: false }).waitFor();

  // A test event, delivered and listed.
  await endpoint.getByRole("button", { name: "Send test event" }).click();
  await page.getByText(`The test event reached ${receiver.url}, which answered 200.`).waitFor();
  await endpoint.getByRole("list", { name: "Recent deliveries" }).getByText("webhook.test", { exact: true }).waitFor();
  expect(receiver.requests).toHaveLength(1);
  await screenshotBothWidths(page, JOURNEY, "partner-page");

  // A learner enrolls, then watches the whole course: the receiver gets both events, signed with the secret the page showed.
  expect((await journey.server.graphql(ENROLL, { courseId: course.id }, { token: learner.accessToken })).errors).toBeUndefined();
  await waitUntil("the enrollment event at the receiver", () => receiver.requests.length === 2);
  const enrolled = verifiedEvent(secret, 1);
  expect(enrolled.type).toBe("enrollment.created");
  expect(enrolled.data).toMatchObject({ version: 1, courseId: course.id, userId: learner.id, source: "FREE" });
  const watched = { videoId: course.videoId, positionSeconds: 60, watchedRanges: [{ startSeconds: 0, endSeconds: 60 }] };
  expect((await journey.server.graphql(WATCHED, { input: watched }, { token: learner.accessToken })).data).toEqual({ recordProgress: { completed: true } });
  await waitUntil("the completion event at the receiver", () => receiver.requests.length === 3);
  const completed = verifiedEvent(secret, 2);
  expect(completed.type).toBe("enrollment.completed");
  expect(completed.data).toMatchObject({ version: 1, courseId: course.id, userId: learner.id });

  // The same learner's record, as xAPI statements read with the key.
  let statements: Record<string, any>[] = [];
  await waitUntil("the learner's course completion among the learning records", async () => {
    statements = (await allLearningRecords(journey.server, key, course.id)).map((node) => JSON.parse(node.statement));
    return statements.some((statement) => statement.verb.id === XAPI_VERBS.completed);
  });
  expect(statements.map((statement) => statement.verb.id)).toEqual([XAPI_VERBS.registered, XAPI_VERBS.completed]);
  for (const statement of statements) expect(statement.actor.account.name).toBe(learner.id);

  await endpoint.getByRole("button", { name: "Hide deliveries" }).click();
  await endpoint.getByRole("button", { name: "Deliveries" }).click();
  await endpoint.getByRole("list", { name: "Recent deliveries" }).getByText("enrollment.created", { exact: true }).waitFor();

  // The key, revoked after asking, is refused.
  await page.getByRole("listitem").filter({ hasText: "Our LMS bridge" }).getByRole("button", { name: "Revoke Our LMS bridge" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Revoke key" }).click();
  await page.getByText("The key Our LMS bridge is revoked: requests made with it are refused from now on.").waitFor();
  expect((await withKey(key, "query { webhookEndpoints(first: 5) { totalCount } }")).errors?.[0].extensions.code).toBe("UNAUTHENTICATED");
  await screenshotBothWidths(page, JOURNEY, "partner-page-revoked");
});
