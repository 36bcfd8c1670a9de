// Accounts through the public API: sign-up to `me`, sessions, refresh rotation, sign-out, resets.
import { signUp, SIGN_UP, uniqueEmail } from "../../../test/support/accounts.ts";
import { startTestServer, type TestServer } from "../../../test/support/test-server.ts";

const ME = /* GraphQL */ `query { me { id email role emailVerified createdAt profile { displayName avatarUrl bio } } }`;
const SIGN_IN = /* GraphQL */ `
  mutation SignIn($input: SignInInput!) { signIn(input: $input) { accessToken refreshToken accessTokenExpiresAt user { id email } } }
`;
const REFRESH = /* GraphQL */ `
  mutation Refresh($token: String!) { refreshSession(refreshToken: $token) { accessToken refreshToken user { id } } }
`;
const SIGN_OUT = /* GraphQL */ `
  mutation SignOut($refreshToken: String, $everywhere: Boolean) { signOut(refreshToken: $refreshToken, everywhere: $everywhere) }
`;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ AUTH_IP_LIMIT_PER_MINUTE: "1000" });
});
afterAll(() => server.close());

describe("sign-up", () => {
  it("creates the user and profile together and answers `me` with the new token", async () => {
    const email = uniqueEmail("Mixed.Case");
    const result = await server.graphql(SIGN_UP, { input: { email: `  ${email.toUpperCase()} `, password: "correct horse battery", displayName: " Grace " } });
    expect(result.errors).toBeUndefined();
    const { accessToken, refreshToken, accessTokenExpiresAt, user } = result.data!.signUp;
    expect(user).toMatchObject({ email: email.toLowerCase(), role: "STUDENT", profile: { displayName: "Grace" } });
    expect(refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const ttl = new Date(accessTokenExpiresAt).getTime() - Date.now();
    expect(ttl).toBeGreaterThan(14 * 60_000);
    expect(ttl).toBeLessThanOrEqual(15 * 60_000);

    const me = await server.graphql(ME, {}, { token: accessToken });
    expect(me.data!.me).toMatchObject({ id: user.id, email: email.toLowerCase(), role: "STUDENT", emailVerified: false });
    const stored = await server.db.user.findUnique({ where: { email: email.toLowerCase() }, include: { profile: true } });
    expect(stored?.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(stored?.profile?.displayName).toBe("Grace");
    const tokens = await server.db.refreshToken.findMany({ where: { session: { userId: stored!.id } } });
    expect(tokens.map((token) => token.tokenHash)).not.toContain(refreshToken);
  });

  it("answers null for `me` without credentials", async () => {
    const result = await server.graphql(ME);
    expect(result.status).toBe(200);
    expect(result.data).toEqual({ me: null });
  });
});
