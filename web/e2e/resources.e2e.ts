// Journey: a lesson's downloadable resources. The instructor attaches a PDF to a lesson in the
// course editor (with the upload's progress), a file that is not what its name says is refused
// in words; an enrolled learner finds the PDF under the lesson and downloads the very bytes; a
// student who is not enrolled sees no resources, not even of the lesson that is a free preview.
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { signUp, type TestAccount } from "../../server/test/support/accounts.ts";
import { signInThroughForm } from "./support/browser.ts";
import { useJourney } from "./support/journey.ts";
import { arrangeLearnableCourse } from "./support/learnable-course.ts";
import { routeMediaToTestServer } from "./support/media.ts";
import { screenshotBothWidths } from "./support/screenshots.ts";
import { toast } from "./support/toasts.ts";

const JOURNEY = "resources";
const journey = useJourney({ withDataDir: true });
let instructor: TestAccount;
let learner: TestAccount;
let stranger: TestAccount;
let course: { courseId: string; slug: string; videoIds: string[] };
let pdf: string;
let fakePdf: string;
const PDF_BYTES = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

const ENROLL = /* GraphQL */ `mutation ($courseId: ID!) { enroll(courseId: $courseId) { id } }`;
const PREVIEW = /* GraphQL */ `mutation ($id: ID!) { updateVideo(id: $id, input: { isPreview: true }) { id } }`;
const RESOURCES = /* GraphQL */ `query ($id: ID!) { video(id: $id) { id resources { id } } }`;

beforeAll(async () => {
  instructor = await signUp(journey.server, { role: "INSTRUCTOR", displayName: "Rita Resources" });
  learner = await signUp(journey.server, { displayName: "Lena Learner" });
  stranger = await signUp(journey.server, { displayName: "Sam Stranger" });
  course = await arrangeLearnableCourse(journey.server, instructor.accessToken, journey.dataDir, {
    title: "Git in practice",
    description: "Branches, merges and the reflog.",
    videos: [{ title: "Branching", seconds: 3 }],
  });
  await journey.server.graphql(PREVIEW, { id: course.videoIds[0] }, { token: instructor.accessToken });
  const enrolled = await journey.server.graphql(ENROLL, { courseId: course.courseId }, { token: learner.accessToken });
  if (!enrolled.data?.enroll) throw new Error(`enroll failed: ${JSON.stringify(enrolled.errors)}`);
  pdf = path.join(journey.dataDir, "Branching cheatsheet.pdf");
  await writeFile(pdf, PDF_BYTES);
  fakePdf = path.join(journey.dataDir, "notes.pdf");
  await writeFile(fakePdf, "Just some text, not a PDF.\n");
});

test("an instructor attaches a PDF to a lesson, an enrolled learner downloads it, a student who is not enrolled sees none", async () => {
  const [videoId] = course.videoIds as [string];

  // The instructor, in the course editor.
  const teaching = await journey.openVisitor();
  await routeMediaToTestServer(teaching.context, journey.server);
  await signInThroughForm(teaching.page, instructor.email, instructor.password);
  await teaching.page.goto(`/teach/courses/${encodeURIComponent(course.courseId)}/edit`);
  await teaching.page.getByRole("heading", { level: 1, name: "Git in practice" }).waitFor();
  await teaching.page.getByText("Resources of video Branching").click();
  await teaching.page.getByText(/^No files are attached to this video yet\./).waitFor();

  // A file whose bytes are not what its name says is refused, and nothing is listed.
  await teaching.page.getByLabel("Attach a file to video Branching").setInputFiles(fakePdf);
  await teaching.page
    .getByText("notes.pdf could not be attached. The uploaded file is not a PDF, whatever its name says. Check that it opens, then upload it again.")
    .waitFor();
  await screenshotBothWidths(teaching.page, JOURNEY, "01-refused");

  await teaching.page.getByLabel("Attach a file to video Branching").setInputFiles(pdf);
  await toast(teaching.page, "“Branching cheatsheet.pdf” is attached to the video “Branching”.").waitFor();
  const list = teaching.page.getByRole("list", { name: "Resources of video Branching" });
  await list.getByRole("textbox", { name: "File name of resource Branching cheatsheet.pdf" }).waitFor();
  await list.getByText(`PDF · ${PDF_BYTES.length} bytes`).waitFor();
  await screenshotBothWidths(teaching.page, JOURNEY, "02-attached");
  const rows = await journey.server.db.videoResource.findMany();
  expect(rows.map((row) => [row.fileName, row.status])).toEqual([["Branching cheatsheet.pdf", "READY"]]);
  await teaching.context.close();

  // The enrolled learner, on the lesson.
  const learning = await journey.openVisitor();
  await routeMediaToTestServer(learning.context, journey.server);
  await signInThroughForm(learning.page, learner.email, learner.password);
  await learning.page.goto(`/learn/courses/${encodeURIComponent(course.courseId)}/videos/${encodeURIComponent(videoId)}`);
  await learning.page.getByRole("heading", { level: 1, name: "Branching" }).waitFor();
  const resources = learning.page.getByRole("region", { name: "Resources" });
  const link = resources.getByRole("link", { name: "Branching cheatsheet.pdf" });
  await link.waitFor();
  await resources.getByText(`PDF · ${PDF_BYTES.length} bytes`).waitFor();
  await screenshotBothWidths(learning.page, JOURNEY, "03-lesson-resources");
  const [download] = await Promise.all([learning.page.waitForEvent("download"), link.click()]);
  expect(download.suggestedFilename()).toBe("Branching cheatsheet.pdf");
  expect(await readFile((await download.path())!)).toEqual(PDF_BYTES);
  await learning.context.close();

  // A student who is not enrolled: the preview plays for them, its resources are not theirs.
  const visiting = await journey.openVisitor();
  await routeMediaToTestServer(visiting.context, journey.server);
  await signInThroughForm(visiting.page, stranger.email, stranger.password);
  await visiting.page.goto(`/learn/courses/${encodeURIComponent(course.courseId)}/videos/${encodeURIComponent(videoId)}`);
  await visiting.page.getByText(/^Enroll in this course to watch its videos/).waitFor();
  await visiting.page.goto(`/courses/${course.slug}`);
  await visiting.page.getByRole("heading", { level: 1, name: "Git in practice" }).waitFor();
  expect(await visiting.page.getByText("Branching cheatsheet.pdf").count()).toBe(0);
  await screenshotBothWidths(visiting.page, JOURNEY, "04-not-enrolled");
  const asStranger = await journey.server.graphql(RESOURCES, { id: videoId }, { token: stranger.accessToken });
  expect(asStranger.data).toEqual({ video: { id: videoId, resources: [] } });
  await visiting.context.close();
});
