// Journey: an admin adds a co-instructor to a course from the editor and removes them again;
// the co-instructor then teaches the course. Owners cannot search users (the API lets only
// admins); they add a colleague by exact email address.
// A demoted instructor's course stays published; an admin hands it to another instructor.
import { signUp, type TestAccount } from "../../server/test/support/accounts.ts";
import { screenshot, signInThroughForm } from "./support/browser.ts";
import { useJourney } from "./support/journey.ts";
import { screenshotBothWidths } from "./support/screenshots.ts";
import { toast } from "./support/toasts.ts";

const JOURNEY = "course-team";
const journey = useJourney();
let owner: TestAccount;
let colleague: TestAccount;
let admin: TestAccount;
let student: TestAccount;
let courseId: string;

beforeAll(async () => {
  owner = await signUp(journey.server, { role: "INSTRUCTOR", displayName: "Olga Owner" });
  colleague = await signUp(journey.server, { role: "INSTRUCTOR", displayName: "Colin Colleague" });
  admin = await signUp(journey.server, { role: "ADMIN", displayName: "Ada Admin" });
  student = await signUp(journey.server, { role: "STUDENT", displayName: "Colin Student" });
  const created = await journey.server.graphql(
    `mutation ($input: CreateCourseInput!) { createCourse(input: $input) { id } }`,
    { input: { title: "Pottery at home", description: "Clay, a wheel and patience.", priceCents: 0 } },
    { token: owner.accessToken },
  );
  courseId = created.data!.createCourse.id as string;
});

const editorPath = () => `/teach/courses/${encodeURIComponent(courseId)}/edit`;

test("an admin adds and removes a co-instructor; the owner adds one back by email", async () => {
  const reviewer = await journey.openVisitor();
  await signInThroughForm(reviewer.page, admin.email, admin.password);
  await reviewer.page.goto(editorPath());
  const team = reviewer.page.getByRole("region", { name: "Instructors" });
  await team.getByText("Olga Owner").waitFor();
  await team.getByLabel("Add a co-instructor").fill("colin");
  // Only instructors are offered: the student of the same name is not.
  await team.getByRole("button", { name: "Add Colin Colleague" }).waitFor();
  expect(await team.getByText("Colin Student").count()).toBe(0);
  await screenshot(reviewer.page, JOURNEY, "01-admin-searches");
  await team.getByRole("button", { name: "Add Colin Colleague" }).click();
  await team.getByRole("button", { name: "Remove Colin Colleague" }).waitFor();
  await toast(reviewer.page, "Colin Colleague now teaches this course.").waitFor();
  await screenshotBothWidths(reviewer.page, JOURNEY, "02-co-instructor-added");

  const coInstructor = await journey.openVisitor();
  await signInThroughForm(coInstructor.page, colleague.email, colleague.password);
  await coInstructor.page.goto("/teach/courses");
  await coInstructor.page.getByRole("link", { name: "Pottery at home" }).first().waitFor();
  await coInstructor.page.goto(editorPath());
  const theirTeam = coInstructor.page.getByRole("region", { name: "Instructors" });
  await theirTeam.getByText("Colin Colleague").waitFor();
  expect(await theirTeam.getByRole("button", { name: /Remove/ }).count()).toBe(0);
  expect(await theirTeam.getByLabel("Add a co-instructor").count()).toBe(0);

  await team.getByRole("button", { name: "Remove Colin Colleague" }).click();
  await team.getByRole("listitem").filter({ hasText: "Colin Colleague" }).waitFor({ state: "detached" });
  await toast(reviewer.page, "Colin Colleague no longer teaches this course.").waitFor();
  await coInstructor.page.reload();
  // A draft is invisible to everyone outside its team.
  await coInstructor.page.getByRole("heading", { level: 1, name: "Course not found" }).waitFor();
  await coInstructor.context.close();
  await reviewer.context.close();

  const course = await journey.openVisitor();
  await signInThroughForm(course.page, owner.email, owner.password);
  await course.page.goto(editorPath());
  const ownTeam = course.page.getByRole("region", { name: "Instructors" });
  const byEmail = ownTeam.getByLabel("Add a co-instructor by email");
  // Owners find people by exact address only: a student's address finds nobody.
  await byEmail.fill(student.email);
  await ownTeam.getByRole("button", { name: "Find instructor" }).click();
  await ownTeam.getByText("No instructor has this address").waitFor();
  await byEmail.fill(` ${colleague.email.toUpperCase()} `);
  await ownTeam.getByRole("button", { name: "Find instructor" }).click();
  await screenshot(course.page, JOURNEY, "03-owner-finds-by-email");
  await ownTeam.getByRole("button", { name: "Add Colin Colleague" }).click();
  await ownTeam.getByRole("button", { name: "Remove Colin Colleague" }).waitFor();
  // A success reads as one: no "already teaches" left over from the lookup.
  await toast(course.page, "Colin Colleague now teaches this course.").waitFor();
  expect(await byEmail.inputValue()).toBe("");
  expect(await ownTeam.getByText("already teaches this course").count()).toBe(0);
  await screenshotBothWidths(course.page, JOURNEY, "04-owner-added-co-instructor");
  await byEmail.fill(colleague.email);
  await ownTeam.getByRole("button", { name: "Find instructor" }).click();
  await ownTeam.getByText("Colin Colleague already teaches this course.").waitFor();
  await screenshot(course.page, JOURNEY, "05-owner-finds-a-co-instructor-again");
  await course.context.close();
});

test("an admin makes another instructor the owner of a demoted instructor's published course", async () => {
  const leaving = await signUp(journey.server, { role: "INSTRUCTOR", displayName: "Dora Departed" });
  const created = await journey.server.graphql(
    `mutation ($input: CreateCourseInput!) { createCourse(input: $input) { id } }`,
    { input: { title: "Glazing basics", description: "Colours that survive the kiln.", priceCents: 0 } },
    { token: leaving.accessToken },
  );
  const leavingCourseId = created.data!.createCourse.id as string;
  await journey.server.graphql(`mutation ($userId: ID!) { setUserRole(userId: $userId, role: STUDENT) { id } }`, { userId: leaving.id }, {
    token: admin.accessToken,
  });

  const { context, page } = await journey.openVisitor();
  await signInThroughForm(page, admin.email, admin.password);
  await page.goto(`/teach/courses/${encodeURIComponent(leavingCourseId)}/edit`);
  const team = page.getByRole("region", { name: "Instructors" });
  await team.getByText("Dora Departed no longer has the instructor role").waitFor();
  await team.getByLabel("Make another instructor the owner").fill("colin");
  await team.getByRole("button", { name: "Make owner Colin Colleague" }).click();
  const dialog = page.getByRole("alertdialog", { name: "Make Colin Colleague the owner?" });
  await dialog.getByText("Dora Departed will no longer be one of its instructors.").waitFor();
  await screenshotBothWidths(page, JOURNEY, "06-admin-confirms-new-owner");
  await dialog.getByRole("button", { name: "Make owner" }).click();
  await toast(page, "Colin Colleague now owns “Glazing basics”.").waitFor();
  await team.getByText("Colin Colleague · owner").waitFor();
  expect(await team.getByText("Dora Departed").count()).toBe(0);
  await screenshotBothWidths(page, JOURNEY, "07-new-owner");
  await context.close();
});
