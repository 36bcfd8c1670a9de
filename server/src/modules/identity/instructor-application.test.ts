// Becoming an instructor, end to end: apply, review queue, approve or reject, role without re-sign-in.
// Applicants have verified their address (email-verification.test.ts: the unverified may not apply).
import { expectError } from "../../../test/support/errors.ts";
import { signUp, type TestAccount } from "./identity.fixtures.ts";
import { startTestServer, type TestServer } from "../../../test/support/test-server.ts";

const APPLY = /* GraphQL */ `
  mutation Apply($input: InstructorApplicationInput!) { applyToTeach(input: $input) { id status headline motivation applicant { id } } }
`;
const REVIEW = /* GraphQL */ `
  mutation Review($id: ID!, $decision: ApplicationDecision!, $note: String) {
    reviewInstructorApplication(id: $id, decision: $decision, note: $note) {
      id status decisionNote reviewedAt reviewer { id } applicant { id role }
    }
  }
`;
const QUEUE = /* GraphQL */ `
  query Queue($status: InstructorApplicationStatus, $first: Int, $after: String) {
    instructorApplications(status: $status, first: $first, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } nodes { id status applicant { id email } }
    }
  }
`;
const MINE = /* GraphQL */ `query { myInstructorApplication { id status decisionNote } }`;
const ME = /* GraphQL */ `query { me { role } }`;

let server: TestServer;
let admin: TestAccount;
beforeAll(async () => {
  server = await startTestServer({ AUTH_IP_LIMIT_PER_MINUTE: "1000" });
  admin = await signUp(server, { role: "ADMIN" });
});
afterAll(() => server.close());

async function apply(student: TestAccount, headline = "Data engineer", motivation = "Ten years of pipelines.") {
  return server.graphql(APPLY, { input: { headline, motivation } }, { token: student.accessToken });
}

it("approving makes the applicant an instructor on their next request, without signing in again", async () => {
  const student = await signUp(server, { verified: true });
  const applied = await apply(student, "  Data engineer  ");
  expect(applied.data!.applyToTeach).toMatchObject({ status: "PENDING", headline: "Data engineer", applicant: { id: student.id } });
  expect((await server.graphql(MINE, {}, { token: student.accessToken })).data!.myInstructorApplication.status).toBe("PENDING");

  const reviewed = await server.graphql(REVIEW, { id: applied.data!.applyToTeach.id, decision: "APPROVE", note: "Welcome" }, { token: admin.accessToken });
  expect(reviewed.errors).toBeUndefined();
  expect(reviewed.data!.reviewInstructorApplication).toMatchObject({
    status: "APPROVED",
    decisionNote: "Welcome",
    reviewer: { id: admin.id },
    applicant: { id: student.id, role: "INSTRUCTOR" },
  });
  expect((await server.graphql(ME, {}, { token: student.accessToken })).data!.me.role).toBe("INSTRUCTOR");
  // Instructors no longer apply.
  expect((await apply(student)).errors?.[0].extensions.code).toBe("FORBIDDEN");
});

it("allows one pending application at a time, even when two arrive together", async () => {
  const student = await signUp(server, { verified: true });
  const results = await Promise.all([apply(student), apply(student), apply(student)]);
  expect(results.filter((result) => result.data?.applyToTeach).length).toBe(1);
  const refused = results.filter((result) => result.errors);
  expect(refused).toHaveLength(2);
  for (const result of refused) expectError(result, "CONFLICT", "APPLICATION_PENDING");
  expect(await server.db.instructorApplication.count({ where: { applicant: { email: student.email } } })).toBe(1);
});

it("keeps a rejection's note, lets the applicant apply again, and answers CONFLICT to a second review", async () => {
  const student = await signUp(server, { verified: true });
  const id = (await apply(student)).data!.applyToTeach.id;
  const rejected = await server.graphql(REVIEW, { id, decision: "REJECT", note: " Add a sample lesson. " }, { token: admin.accessToken });
  expect(rejected.data!.reviewInstructorApplication).toMatchObject({ status: "REJECTED", decisionNote: "Add a sample lesson.", applicant: { role: "STUDENT" } });
  expect((await server.graphql(MINE, {}, { token: student.accessToken })).data!.myInstructorApplication).toEqual({
    id,
    status: "REJECTED",
    decisionNote: "Add a sample lesson.",
  });

  const again = await server.graphql(REVIEW, { id, decision: "APPROVE" }, { token: admin.accessToken });
  expectError(again, "CONFLICT", "APPLICATION_ALREADY_REVIEWED");
  expect((await server.graphql(ME, {}, { token: student.accessToken })).data!.me.role).toBe("STUDENT");

  const reapplied = await apply(student, "Better headline");
  expect(reapplied.data!.applyToTeach.status).toBe("PENDING");
  expect((await server.graphql(MINE, {}, { token: student.accessToken })).data!.myInstructorApplication.id).toBe(reapplied.data!.applyToTeach.id);
});

it.each([
  ["a blank headline", { headline: "   ", motivation: "m" }, "headline"],
  ["an oversized headline", { headline: "h".repeat(121), motivation: "m" }, "headline"],
  ["an oversized motivation", { headline: "h", motivation: "m".repeat(5001) }, "motivation"],
  ["an empty motivation", { headline: "h", motivation: "" }, "motivation"],
])("refuses %s with BAD_USER_INPUT naming the field", async (_case, input, field) => {
  const student = await signUp(server, { verified: true });
  const result = await server.graphql(APPLY, { input }, { token: student.accessToken });
  expect(result.errors?.[0].extensions.code).toBe("BAD_USER_INPUT");
  expect(Object.keys(result.errors![0].extensions.fields!)).toEqual([field]);
  expect(await server.db.instructorApplication.count({ where: { applicant: { email: student.email } } })).toBe(0);
});

it("refuses a bad review: unknown or malformed id, oversized note, unknown decision", async () => {
  const student = await signUp(server, { verified: true });
  const id = (await apply(student)).data!.applyToTeach.id;
  const cases: [Record<string, unknown>, string][] = [
    [{ id: student.id, decision: "APPROVE" }, "BAD_USER_INPUT"],
    [{ id: "<script>", decision: "APPROVE" }, "BAD_USER_INPUT"],
    [{ id: Buffer.from("InstructorApplication:00000000-0000-7000-8000-000000000000").toString("base64url"), decision: "APPROVE" }, "NOT_FOUND"],
    [{ id, decision: "APPROVE", note: "n".repeat(2001) }, "BAD_USER_INPUT"],
    [{ id, decision: "MAYBE" }, "BAD_USER_INPUT"],
  ];
  for (const [variables, code] of cases) {
    const result = await server.graphql(REVIEW, variables, { token: admin.accessToken });
    expect(result.errors?.[0].extensions.code).toBe(code);
  }
  expect((await server.db.instructorApplication.findFirstOrThrow({ where: { applicant: { email: student.email } } })).status).toBe("PENDING");
});

it("lists the review queue oldest first, paginated, with pending ones before decided ones", async () => {
  const isolated = await startTestServer({ AUTH_IP_LIMIT_PER_MINUTE: "1000" });
  try {
    const reviewer = await signUp(isolated, { role: "ADMIN" });
    const students = [
      await signUp(isolated, { verified: true }),
      await signUp(isolated, { verified: true }),
      await signUp(isolated, { verified: true }),
    ];
    const ids: string[] = [];
    for (const student of students) {
      const result = await isolated.graphql(APPLY, { input: { headline: "h", motivation: "m" } }, { token: student.accessToken });
      ids.push(result.data!.applyToTeach.id);
    }
    await isolated.graphql(REVIEW, { id: ids[0], decision: "REJECT" }, { token: reviewer.accessToken });

    const firstPage = await isolated.graphql(QUEUE, { first: 2 }, { token: reviewer.accessToken });
    const page = firstPage.data!.instructorApplications;
    expect(page.totalCount).toBe(3);
    expect(page.nodes.map((node: { id: string }) => node.id)).toEqual([ids[1], ids[2]]);
    expect(page.nodes[0].applicant.email).toBe(students[1].email);
    const secondPage = await isolated.graphql(QUEUE, { first: 2, after: page.pageInfo.endCursor }, { token: reviewer.accessToken });
    expect(secondPage.data!.instructorApplications.nodes.map((node: { id: string }) => node.id)).toEqual([ids[0]]);
    expect(secondPage.data!.instructorApplications.pageInfo.hasNextPage).toBe(false);

    const pending = await isolated.graphql(QUEUE, { status: "PENDING" }, { token: reviewer.accessToken });
    expect(pending.data!.instructorApplications.totalCount).toBe(2);
    const badCursor = await isolated.graphql(QUEUE, { after: "bm90IGEgY3Vyc29y" }, { token: reviewer.accessToken });
    expect(badCursor.errors?.[0].extensions).toEqual({ code: "BAD_USER_INPUT", fields: { after: "is not a valid cursor" } });
  } finally {
    await isolated.close();
  }
});

it("shows an application through Query.node to its applicant and admins only", async () => {
  const student = await signUp(server, { verified: true });
  const stranger = await signUp(server);
  const id = (await apply(student)).data!.applyToTeach.id;
  const NODE = `query ($id: ID!) { node(id: $id) { id } }`;
  expect((await server.graphql(NODE, { id }, { token: student.accessToken })).data!.node).toEqual({ id });
  expect((await server.graphql(NODE, { id }, { token: admin.accessToken })).data!.node).toEqual({ id });
  expect((await server.graphql(NODE, { id }, { token: stranger.accessToken })).data!.node).toBeNull();
  expect((await server.graphql(NODE, { id })).data!.node).toBeNull();
});
