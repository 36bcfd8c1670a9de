// Course owners find the instructor they want as a co-instructor by exact email address, and
// cannot use that to list or sift people.
import { signUp } from "./identity.fixtures.ts";
import { startTestServer, type TestServer } from "../../../test/support/test-server.ts";

const LOOKUP = /* GraphQL */ `
  query Lookup($email: String!) { instructorByEmail(email: $email) { id email role profile { displayName } } }
`;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ AUTH_IP_LIMIT_PER_MINUTE: "1000" });
});
afterAll(() => server.close());

it("finds an instructor or admin by exact address, any case and spacing, and hides the address itself", async () => {
  const owner = await signUp(server, { role: "INSTRUCTOR" });
  const colleague = await signUp(server, { role: "INSTRUCTOR", displayName: "Colin Colleague" });
  const admin = await signUp(server, { role: "ADMIN", displayName: "Ada Admin" });

  const found = await server.graphql(LOOKUP, { email: `  ${colleague.email.toUpperCase()} ` }, { token: owner.accessToken });
  expect(found.errors).toBeUndefined();
  expect(found.data!.instructorByEmail).toEqual({ id: colleague.id, email: null, role: "INSTRUCTOR", profile: { displayName: "Colin Colleague" } });
  const foundAdmin = await server.graphql(LOOKUP, { email: admin.email }, { token: owner.accessToken });
  expect(foundAdmin.data!.instructorByEmail.id).toBe(admin.id);
  // Admins see addresses anyway.
  const byAdmin = await server.graphql(LOOKUP, { email: colleague.email }, { token: admin.accessToken });
  expect(byAdmin.data!.instructorByEmail.email).toBe(colleague.email);
});

it("answers null for students, unknown addresses, partial addresses and patterns", async () => {
  const owner = await signUp(server, { role: "INSTRUCTOR" });
  const student = await signUp(server);
  const [, domain] = owner.email.split("@");
  for (const email of [student.email, "nobody-here@example.com", owner.email.slice(0, -1), `%@${domain}`, `_${owner.email.slice(1)}`]) {
    const result = await server.graphql(LOOKUP, { email }, { token: owner.accessToken });
    expect(result.errors).toBeUndefined();
    expect(result.data!.instructorByEmail).toBeNull();
  }
});

it.each([
  ["a malformed", "not-an-address"],
  ["an empty", "   "],
  ["an oversized", `${"a".repeat(300)}@example.com`],
  ["an injected", "x'); DROP TABLE users; --@example.com"],
])("refuses %s address with BAD_USER_INPUT naming email", async (_kind, email) => {
  const owner = await signUp(server, { role: "INSTRUCTOR" });
  const result = await server.graphql(LOOKUP, { email }, { token: owner.accessToken });
  expect(result.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", fields: { email: expect.any(String) } });
  expect(await server.db.user.count({ where: { email: { contains: "DROP TABLE" } } })).toBe(0);
});

it("refuses students and anonymous callers, and a missing argument", async () => {
  const colleague = await signUp(server, { role: "INSTRUCTOR" });
  const student = await signUp(server);
  expect((await server.graphql(LOOKUP, { email: colleague.email }, { token: student.accessToken })).errors?.[0].extensions.code).toBe("FORBIDDEN");
  expect((await server.graphql(LOOKUP, { email: colleague.email })).errors?.[0].extensions.code).toBe("UNAUTHENTICATED");
  const missing = await server.graphql(`query { instructorByEmail { id } }`, {}, { token: student.accessToken });
  expect(missing.status).toBe(400);
  expect(missing.errors?.[0].extensions.code).toBe("BAD_USER_INPUT");
});

it("throttles each viewer to 20 lookups a minute, whatever they find", async () => {
  const owner = await signUp(server, { role: "INSTRUCTOR" });
  const other = await signUp(server, { role: "INSTRUCTOR" });
  const answers = await Promise.all(
    Array.from({ length: 21 }, (_, index) => server.graphql(LOOKUP, { email: `guess-${index}@example.com` }, { token: owner.accessToken })),
  );
  const refused = answers.filter((answer) => answer.errors?.[0].extensions.code === "RATE_LIMITED");
  expect(refused).toHaveLength(1);
  expect(refused[0]!.errors![0].extensions.retryAfterSeconds).toBeGreaterThan(0);
  const fromSomeoneElse = await server.graphql(LOOKUP, { email: owner.email }, { token: other.accessToken });
  expect(fromSomeoneElse.data!.instructorByEmail.id).toBe(owner.id);
});
