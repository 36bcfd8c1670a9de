// ADMIN_EMAIL + ADMIN_PASSWORD create the first admin at start, once.
import { startTestServer, type TestServer } from "../../../test/support/test-server.ts";
import { ensureConfiguredAdmin } from "./bootstrap-admin.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ ADMIN_EMAIL: "Root@Example.com", ADMIN_PASSWORD: "root password 2026" });
});
afterAll(() => server.close());

it("creates the configured admin at start, who can sign in", async () => {
  const result = await server.graphql(
    `mutation { signIn(input: { email: "root@example.com", password: "root password 2026" }) { user { role email profile { displayName } } } }`,
  );
  expect(result.data!.signIn.user).toEqual({ role: "ADMIN", email: "root@example.com", profile: { displayName: "Administrator" } });
});

it("leaves an existing account alone on the next start", async () => {
  await server.db.user.update({ where: { email: "root@example.com" }, data: { role: "INSTRUCTOR" } });
  await ensureConfiguredAdmin(server.app.platform);
  expect(await server.db.user.findMany({ where: { email: "root@example.com" }, select: { role: true } })).toEqual([{ role: "INSTRUCTOR" }]);
});

it("creates one admin when replicas start together on a fresh database", async () => {
  await server.db.profile.deleteMany({ where: { user: { email: "root@example.com" } } });
  await server.db.user.deleteMany({ where: { email: "root@example.com" } });
  await Promise.all([ensureConfiguredAdmin(server.app.platform), ensureConfiguredAdmin(server.app.platform), ensureConfiguredAdmin(server.app.platform)]);
  expect(await server.db.user.findMany({ where: { email: "root@example.com" }, select: { role: true } })).toEqual([{ role: "ADMIN" }]);
});
