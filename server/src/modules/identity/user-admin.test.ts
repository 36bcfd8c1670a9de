// Admins find users and change roles; there is always an admin left.
import { signUp, uniqueEmail } from "./identity.fixtures.ts";
import { startTestServer, type TestServer } from "../../../test/support/test-server.ts";

const USERS = /* GraphQL */ `
  query Users($search: String, $role: Role, $first: Int, $after: String) {
    users(search: $search, role: $role, first: $first, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } nodes { id email role }
    }
  }
`;
const SET_ROLE = /* GraphQL */ `mutation SetRole($userId: ID!, $role: Role!) { setUserRole(userId: $userId, role: $role) { id role } }`;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ AUTH_IP_LIMIT_PER_MINUTE: "1000" });
});
afterAll(() => server.close());

it("finds users by part of their email or display name, any case, filtered by role and paginated", async () => {
  const admin = await signUp(server, { role: "ADMIN" });
  const tag = `zq${Date.now().toString(36)}`;
  const byEmail = await signUp(server, { email: uniqueEmail(`${tag}-mail`) });
  const byName = await signUp(server, { displayName: `Ada ${tag.toUpperCase()}`, role: "INSTRUCTOR" });
  await signUp(server);

  const found = await server.graphql(USERS, { search: ` ${tag.toUpperCase()} ` }, { token: admin.accessToken });
  expect(found.data!.users.totalCount).toBe(2);
  expect(found.data!.users.nodes.map((user: { id: string }) => user.id)).toEqual([byEmail.id, byName.id]);
  expect(found.data!.users.nodes[0].email).toBe(byEmail.email);

  const instructors = await server.graphql(USERS, { search: tag, role: "INSTRUCTOR" }, { token: admin.accessToken });
  expect(instructors.data!.users.nodes).toEqual([{ id: byName.id, email: byName.email, role: "INSTRUCTOR" }]);

  const first = await server.graphql(USERS, { search: tag, first: 1 }, { token: admin.accessToken });
  expect(first.data!.users.pageInfo.hasNextPage).toBe(true);
  const next = await server.graphql(USERS, { search: tag, first: 1, after: first.data!.users.pageInfo.endCursor }, { token: admin.accessToken });
  expect(next.data!.users.nodes.map((user: { id: string }) => user.id)).toEqual([byName.id]);
});

it("refuses an oversized search, a page over 100 and a role that does not exist", async () => {
  const admin = await signUp(server, { role: "ADMIN" });
  for (const variables of [{ search: "s".repeat(101) }, { first: 101 }, { role: "ROOT" }]) {
    const result = await server.graphql(USERS, variables, { token: admin.accessToken });
    expect(result.errors?.[0].extensions.code).toBe("BAD_USER_INPUT");
  }
});

it("changes a role, effective on the user's next request without signing in again", async () => {
  const admin = await signUp(server, { role: "ADMIN" });
  const user = await signUp(server);
  const promoted = await server.graphql(SET_ROLE, { userId: user.id, role: "INSTRUCTOR" }, { token: admin.accessToken });
  expect(promoted.data!.setUserRole).toEqual({ id: user.id, role: "INSTRUCTOR" });
  expect((await server.graphql(`query { me { role } }`, {}, { token: user.accessToken })).data!.me.role).toBe("INSTRUCTOR");

  await server.graphql(SET_ROLE, { userId: user.id, role: "ADMIN" }, { token: admin.accessToken });
  expect((await server.graphql(USERS, { first: 1 }, { token: user.accessToken })).status).toBe(200);
  await server.graphql(SET_ROLE, { userId: user.id, role: "STUDENT" }, { token: admin.accessToken });
  expect((await server.graphql(USERS, { first: 1 }, { token: user.accessToken })).status).toBe(403);
});

it("never lets the last admin lose the role, even when two admins demote each other at once", async () => {
  const isolated = await startTestServer({ AUTH_IP_LIMIT_PER_MINUTE: "1000" });
  try {
    const first = await signUp(isolated, { role: "ADMIN" });
    const second = await signUp(isolated, { role: "ADMIN" });
    const results = await Promise.all([
      isolated.graphql(SET_ROLE, { userId: second.id, role: "STUDENT" }, { token: first.accessToken }),
      isolated.graphql(SET_ROLE, { userId: first.id, role: "STUDENT" }, { token: second.accessToken }),
    ]);
    // Whichever runs second is refused: by the last-admin conflict, or because its caller is no longer an admin.
    expect(results.filter((result) => result.data?.setUserRole).length).toBe(1);
    expect(await isolated.db.user.count({ where: { role: "ADMIN" } })).toBe(1);

    const lastAdmin = results[0].data?.setUserRole ? first : second;
    const selfDemotion = await isolated.graphql(SET_ROLE, { userId: lastAdmin.id, role: "INSTRUCTOR" }, { token: lastAdmin.accessToken });
    expect(selfDemotion.errors?.[0].extensions).toEqual({ code: "CONFLICT", reason: "LAST_ADMIN", fields: { role: "would leave no admin" } });
  } finally {
    await isolated.close();
  }
});

it("refuses a malformed or unknown user id", async () => {
  const admin = await signUp(server, { role: "ADMIN" });
  const malformed = await server.graphql(SET_ROLE, { userId: "1 OR 1=1", role: "ADMIN" }, { token: admin.accessToken });
  expect(malformed.errors?.[0].extensions).toEqual({ code: "BAD_USER_INPUT", fields: { userId: "is not a valid User id" } });
  const unknown = Buffer.from("User:00000000-0000-7000-8000-000000000000").toString("base64url");
  const result = await server.graphql(SET_ROLE, { userId: unknown, role: "ADMIN" }, { token: admin.accessToken });
  expect(result.errors?.[0].extensions.code).toBe("NOT_FOUND");
});
