// Users and profiles read raw answer exactly the rows Prisma would: same fields, same types.
import { signUp } from "./identity.fixtures.ts";
import { startTestServer, type TestServer } from "../../../test/support/test-server.ts";
import { createContext } from "../../platform/context.ts";
import { decodeGlobalId } from "../../platform/ids.ts";
import { profileByUserId, userById } from "./user.loaders.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const UNKNOWN = "0190a000-0000-7000-8000-000000000000";

it("answers Prisma's user and profile rows, and null for an unknown id", async () => {
  const account = await signUp(server, { role: "INSTRUCTOR", displayName: "Raw Reader" });
  const id = decodeGlobalId(account.id)!.id;
  await server.db.profile.update({ where: { userId: id }, data: { bio: "Teaches SQL." } });
  const context = createContext(server.app.platform, { requestId: "loader-test", viewer: null, ip: "127.0.0.1" });

  const users = await context.loader(userById).loadMany([id, UNKNOWN]);
  expect(users).toStrictEqual([await server.db.user.findUnique({ where: { id } }), null]);
  expect(users[0]).toMatchObject({ role: "INSTRUCTOR", emailVerified: false, createdAt: expect.any(Date) });
  const profiles = await context.loader(profileByUserId).loadMany([id, UNKNOWN]);
  expect(profiles).toStrictEqual([await server.db.profile.findUnique({ where: { userId: id } }), null]);
  expect(profiles[0]).toMatchObject({ displayName: "Raw Reader", bio: "Teaches SQL.", avatarUrl: null });
});
