// The sign-in page's demo accounts: offered in development once the demo data made them (with the
// passwords that sign in as them), none without it, none in production, and none deleted since.
import { startTestServer, UNTHROTTLED, type TestServer } from "../../../test/support/test-server.ts";
import { seedDemoData } from "../../../../prisma/seed.ts";
import { loadConfig } from "../../platform/config.ts";
import type { Context } from "../../platform/context.ts";
import { demoAccounts, DEMO_ACCOUNTS } from "./demo-accounts.ts";

const DEMO = /* GraphQL */ `query { demoAccounts { role email password displayName } }`;
const SIGN_IN = /* GraphQL */ `mutation ($input: SignInInput!) { signIn(input: $input) { user { role profile { displayName } } } }`;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ ...UNTHROTTLED, SEED_DEMO_DATA: "true" });
});
afterAll(() => server.close());

it("offers none before the demo data exists, then each demo account, whose password signs in as it", async () => {
  expect((await server.graphql(DEMO)).data).toEqual({ demoAccounts: [] });
  await seedDemoData(server.app.platform);
  const offered = (await server.graphql(DEMO)).data!.demoAccounts as (typeof DEMO_ACCOUNTS)[number][];
  expect(offered.map((account) => account.role)).toEqual(["ADMIN", "INSTRUCTOR", "STUDENT"]);
  for (const account of offered) {
    const signedIn = await server.graphql(SIGN_IN, { input: { email: account.email, password: account.password } });
    expect(signedIn.data!.signIn.user).toEqual({ role: account.role, profile: { displayName: account.displayName } });
  }

  await server.db.user.delete({ where: { email: "admin@example.com" } });
  expect(((await server.graphql(DEMO)).data!.demoAccounts as { email: string }[]).map((account) => account.email)).toEqual([
    "instructor@example.com",
    "student@example.com",
  ]);
});

it("offers none when the demo data is off or in production, whatever the database holds", async () => {
  const secrets = { JWT_SECRET: "x".repeat(64), DATABASE_URL: "postgresql://db/lms", MEDIA_SIGNING_KEY: "y".repeat(64), PAYMENTS_PROVIDER: "local" };
  for (const env of [{ SEED_DEMO_DATA: "false" }, { NODE_ENV: "production", SEED_DEMO_DATA: "true", ...secrets }]) {
    const context = { config: loadConfig(env), db: server.db } as unknown as Context;
    expect(await demoAccounts(context)).toEqual([]);
  }
  const withoutDemo = await startTestServer({ ...UNTHROTTLED, SEED_DEMO_DATA: "false" }, { besides: server });
  try {
    expect((await withoutDemo.graphql(DEMO)).data).toEqual({ demoAccounts: [] });
  } finally {
    await withoutDemo.close();
  }
});
