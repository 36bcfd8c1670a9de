// Sign-in, sign-up and reset requests are throttled per IP (a short burst) and per account (failures).
import { signUp, SIGN_UP, uniqueEmail } from "../../../test/support/accounts.ts";
import { startTestServer, type TestServer } from "../../../test/support/test-server.ts";

const SIGN_IN = /* GraphQL */ `mutation SignIn($input: SignInInput!) { signIn(input: $input) { accessToken } }`;

describe("failed sign-ins per account", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ AUTH_IP_LIMIT_PER_MINUTE: "1000", SIGN_IN_FAILURES_PER_HOUR: "3" });
  });
  afterAll(() => server.close());

  it("locks the account's sign-in after the allowed failures, even for the right password", async () => {
    const account = await signUp(server);
    for (let i = 0; i < 3; i++) {
      const failed = await server.graphql(SIGN_IN, { input: { email: account.email, password: `wrong ${i}` } });
      expect(failed.errors![0].extensions.code).toBe("UNAUTHENTICATED");
    }
    const locked = await server.graphql(SIGN_IN, { input: { email: account.email, password: account.password } });
    expect(locked.errors![0].extensions.code).toBe("RATE_LIMITED");
    expect(locked.errors![0].extensions.retryAfterSeconds).toBeGreaterThan(3000);

    const other = await signUp(server);
    expect((await server.graphql(SIGN_IN, { input: { email: other.email, password: other.password } })).data?.signIn).toBeTruthy();
  });
});

describe("burst per IP", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ AUTH_IP_LIMIT_PER_MINUTE: "4" });
  });
  afterAll(() => server.close());

  it("refuses sign-ups and sign-ins past the burst from one address with RATE_LIMITED and retryAfterSeconds", async () => {
    const account = await signUp(server);
    const results = [];
    for (let i = 0; i < 3; i++) results.push(await server.graphql(SIGN_IN, { input: { email: account.email, password: account.password } }));
    expect(results.every((result) => result.data?.signIn)).toBe(true);
    const refusedSignIn = await server.graphql(SIGN_IN, { input: { email: account.email, password: account.password } });
    expect(refusedSignIn.errors![0].extensions).toMatchObject({ code: "RATE_LIMITED" });
    expect(refusedSignIn.errors![0].extensions.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(refusedSignIn.errors![0].extensions.retryAfterSeconds).toBeLessThanOrEqual(60);
    const refusedSignUp = await server.graphql(SIGN_UP, { input: { email: uniqueEmail(), password: "fine password here", displayName: "X" } });
    expect(refusedSignUp.errors![0].extensions.code).toBe("RATE_LIMITED");
  });
});
