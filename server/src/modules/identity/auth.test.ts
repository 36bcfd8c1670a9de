// Accounts through the public API: sign-up to `me`, sign-in, refresh rotation and reuse detection, sign-out.
import { expectError } from "../../../test/support/errors.ts";
import { signUp, SIGN_UP, uniqueEmail } from "./identity.fixtures.ts";
import { startTestServer, type TestServer } from "../../../test/support/test-server.ts";

const ME = /* GraphQL */ `query { me { id email role emailVerified createdAt profile { displayName avatarUrl bio } } }`;
const SIGN_IN = /* GraphQL */ `
  mutation SignIn($input: SignInInput!) { signIn(input: $input) { accessToken refreshToken accessTokenExpiresAt user { id email } } }
`;
const REFRESH = /* GraphQL */ `
  mutation Refresh($token: String!) { refreshSession(refreshToken: $token) { accessToken refreshToken user { id email } } }
`;
const SIGN_OUT = /* GraphQL */ `
  mutation SignOut($refreshToken: String, $everywhere: Boolean) { signOut(refreshToken: $refreshToken, everywhere: $everywhere) }
`;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ AUTH_IP_LIMIT_PER_MINUTE: "1000" });
});
afterAll(() => server.close());

const codesOf = (result: { errors?: { extensions: { code: string } }[] }) => result.errors?.map((e) => e.extensions.code);

describe("sign-up", () => {
  it("creates the user and profile together and answers `me` with the new token", async () => {
    const email = uniqueEmail("Mixed.Case");
    const result = await server.graphql(SIGN_UP, {
      input: { email: `  ${email.toUpperCase()} `, password: "correct horse battery", displayName: " Grace " },
    });
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
    expect(tokens).toHaveLength(1);
    expect(tokens[0].tokenHash).not.toBe(refreshToken);
  });

  it("answers null for `me` without credentials", async () => {
    const result = await server.graphql(ME);
    expect(result.status).toBe(200);
    expect(result.data).toEqual({ me: null });
  });

  it("refuses an email that is taken, whatever its case, with CONFLICT", async () => {
    const account = await signUp(server);
    const result = await server.graphql(SIGN_UP, {
      input: { email: account.email.toUpperCase(), password: "another fine password", displayName: "Copy" },
    });
    expectError(result, "CONFLICT", "EMAIL_TAKEN");
    expect(result.errors![0].extensions.fields).toEqual({ email: "is already registered" });
    expect(await server.db.user.count({ where: { email: account.email } })).toBe(1);
  });

  it("lets exactly one of two concurrent sign-ups with the same email win", async () => {
    const email = uniqueEmail("race");
    const attempts = await Promise.all(
      [1, 2, 3].map((n) => server.graphql(SIGN_UP, { input: { email, password: `racing password ${n}`, displayName: `Racer ${n}` } })),
    );
    expect(attempts.filter((a) => a.data?.signUp).length).toBe(1);
    expect(attempts.flatMap((a) => codesOf(a) ?? []).sort()).toEqual(["CONFLICT", "CONFLICT"]);
    expect(await server.db.user.count({ where: { email } })).toBe(1);
    expect(await server.db.profile.count({ where: { user: { email } } })).toBe(1);
  });

  it.each([
    ["a malformed email", { email: "not-an-email" }, "email"],
    ["an email with an injection attempt", { email: "x'; DROP TABLE users; --@example.com" }, "email"],
    ["an oversized email", { email: `${"a".repeat(250)}@example.com` }, "email"],
    ["a short password", { password: "short" }, "password"],
    ["an oversized password", { password: "p".repeat(129) }, "password"],
    ["one of the most common passwords", { password: "password123" }, "password"],
    ["an empty display name", { displayName: "" }, "displayName"],
    ["a display name of spaces", { displayName: "    " }, "displayName"],
    ["an oversized display name", { displayName: "n".repeat(81) }, "displayName"],
  ])("refuses %s with BAD_USER_INPUT naming the field, writing nothing", async (_case, override, field) => {
    const before = await server.db.user.count();
    const input = { email: uniqueEmail(), password: "a perfectly fine password", displayName: "Valid", ...override };
    const result = await server.graphql(SIGN_UP, { input });
    expect(result.status).toBe(200);
    expect(codesOf(result)).toEqual(["BAD_USER_INPUT"]);
    expect(Object.keys(result.errors![0].extensions.fields!)).toEqual([field]);
    expect(await server.db.user.count()).toBe(before);
  });

  it("refuses missing and mistyped input as BAD_USER_INPUT, not a server error", async () => {
    const missing = await server.graphql(`mutation { signUp(input: { email: "a@example.com", password: "whatever pass" }) { accessToken } }`);
    expect(missing.status).toBe(400);
    expect(codesOf(missing)).toEqual(["BAD_USER_INPUT"]);
    const mistyped = await server.graphql(SIGN_UP, { input: { email: 42, password: true, displayName: null } });
    expect(mistyped.status).toBe(400);
    expect(new Set(codesOf(mistyped))).toEqual(new Set(["BAD_USER_INPUT"]));
  });
});

describe("sign-in", () => {
  it("opens a new session and returns tokens that work", async () => {
    const account = await signUp(server);
    const result = await server.graphql(SIGN_IN, { input: { email: ` ${account.email.toUpperCase()}`, password: account.password } });
    expect(result.data!.signIn.user).toEqual({ id: account.id, email: account.email });
    const me = await server.graphql(ME, {}, { token: result.data!.signIn.accessToken });
    expect(me.data!.me.id).toBe(account.id);
    expect(await server.db.session.count({ where: { user: { email: account.email } } })).toBe(2);
  });

  it("gives a wrong password and an unknown email the same UNAUTHENTICATED answer", async () => {
    const account = await signUp(server);
    const wrongPassword = await server.graphql(SIGN_IN, { input: { email: account.email, password: "not the password" } });
    const unknownEmail = await server.graphql(SIGN_IN, { input: { email: uniqueEmail("nobody"), password: "not the password" } });
    for (const result of [wrongPassword, unknownEmail]) {
      expect(result.status).toBe(401);
      expect(result.data).toBeNull();
      expect(codesOf(result)).toEqual(["UNAUTHENTICATED"]);
    }
    expect(wrongPassword.errors![0].message).toBe(unknownEmail.errors![0].message);
  });
});

describe("access tokens", () => {
  it("refuses a forged, malformed or expired token with HTTP 401 whatever the operation asks", async () => {
    const account = await signUp(server);
    const [header, payload] = account.accessToken.split(".");
    const forged = `${header}.${payload}.${Buffer.from("forged signature").toString("base64url")}`;
    const { issueAccessToken } = await import("./tokens.ts");
    const session = await server.db.session.findFirstOrThrow({ where: { user: { email: account.email } } });
    const expired = await issueAccessToken({ userId: session.userId, sessionId: session.id }, server.app.platform.config.jwtSecret, -60);
    for (const token of [forged, "garbage", expired.token]) {
      const result = await server.graphql(ME, {}, { token });
      expect(result.status).toBe(401);
      expect(codesOf(result)).toEqual(["UNAUTHENTICATED"]);
    }
    const notBearer = await server.graphql(ME, {}, { headers: { authorization: `Basic ${account.accessToken}` } });
    expect(notBearer.status).toBe(401);
  });

  it("answers 401 when an operation that needs a user is called without a token", async () => {
    const result = await server.graphql(`mutation { updateProfile(input: { bio: "hi" }) { id } }`);
    expect(result.status).toBe(401);
    expect(codesOf(result)).toEqual(["UNAUTHENTICATED"]);
  });
});

describe("refresh", () => {
  it("rotates the refresh token on every use and keeps the session", async () => {
    const account = await signUp(server);
    const first = await server.graphql(REFRESH, { token: account.refreshToken });
    const second = await server.graphql(REFRESH, { token: first.data!.refreshSession.refreshToken });
    expect(second.data!.refreshSession.user).toEqual({ id: account.id, email: account.email });
    const tokens = new Set([account.refreshToken, first.data!.refreshSession.refreshToken, second.data!.refreshSession.refreshToken]);
    expect(tokens.size).toBe(3);
    expect((await server.graphql(ME, {}, { token: second.data!.refreshSession.accessToken })).data!.me.id).toBe(account.id);
    const sessions = await server.db.session.findMany({ where: { user: { email: account.email } }, include: { refreshTokens: true } });
    expect(sessions).toHaveLength(1);
    expect(sessions[0].refreshTokens.filter((token) => token.retiredAt === null)).toHaveLength(1);
    expect(sessions[0].expiresAt.getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
  });

  it("revokes the whole session when a retired refresh token is presented again", async () => {
    const account = await signUp(server);
    const rotated = await server.graphql(REFRESH, { token: account.refreshToken });
    const stolen = await server.graphql(REFRESH, { token: account.refreshToken });
    expect(stolen.status).toBe(401);
    expect(codesOf(stolen)).toEqual(["UNAUTHENTICATED"]);
    expect(stolen.errors![0].message).toMatch(/already used/);

    const legitimate = await server.graphql(REFRESH, { token: rotated.data!.refreshSession.refreshToken });
    expect(codesOf(legitimate)).toEqual(["UNAUTHENTICATED"]);
    const access = await server.graphql(ME, {}, { token: rotated.data!.refreshSession.accessToken });
    expect(access.status).toBe(401);
  });

  it("lets only one of two concurrent refreshes with the same token succeed", async () => {
    const account = await signUp(server);
    const results = await Promise.all([1, 2].map(() => server.graphql(REFRESH, { token: account.refreshToken })));
    expect(results.filter((result) => result.data?.refreshSession)).toHaveLength(1);
    expect(await server.db.refreshToken.count({ where: { session: { user: { email: account.email } }, retiredAt: null } })).toBeLessThanOrEqual(1);
  });

  it("refuses an unknown refresh token", async () => {
    const result = await server.graphql(REFRESH, { token: "x".repeat(43) });
    expect(result.status).toBe(401);
    expect(codesOf(result)).toEqual(["UNAUTHENTICATED"]);
  });
});

describe("sign-out", () => {
  it("ends the session of the given refresh token and no other", async () => {
    const account = await signUp(server);
    const other = await server.graphql(SIGN_IN, { input: { email: account.email, password: account.password } });
    const result = await server.graphql(SIGN_OUT, { refreshToken: account.refreshToken }, { token: account.accessToken });
    expect(result.data).toEqual({ signOut: true });
    expect((await server.graphql(ME, {}, { token: account.accessToken })).status).toBe(401);
    expect(codesOf(await server.graphql(REFRESH, { token: account.refreshToken }))).toEqual(["UNAUTHENTICATED"]);
    expect((await server.graphql(ME, {}, { token: other.data!.signIn.accessToken })).data!.me.id).toBe(account.id);
  });

  it("ends the current session when called with the access token only", async () => {
    const account = await signUp(server);
    expect((await server.graphql(SIGN_OUT, {}, { token: account.accessToken })).data).toEqual({ signOut: true });
    expect((await server.graphql(ME, {}, { token: account.accessToken })).status).toBe(401);
  });

  it("ends every session with everywhere", async () => {
    const account = await signUp(server);
    const other = await server.graphql(SIGN_IN, { input: { email: account.email, password: account.password } });
    expect((await server.graphql(SIGN_OUT, { everywhere: true }, { token: account.accessToken })).data).toEqual({ signOut: true });
    for (const token of [account.accessToken, other.data!.signIn.accessToken]) {
      expect((await server.graphql(ME, {}, { token })).status).toBe(401);
    }
    expect(codesOf(await server.graphql(REFRESH, { token: other.data!.signIn.refreshToken }))).toEqual(["UNAUTHENTICATED"]);
  });

  it("refuses to end someone else's session", async () => {
    const victim = await signUp(server);
    const attacker = await signUp(server);
    const result = await server.graphql(SIGN_OUT, { refreshToken: victim.refreshToken }, { token: attacker.accessToken });
    expect(codesOf(result)).toEqual(["UNAUTHENTICATED"]);
    expect((await server.graphql(ME, {}, { token: victim.accessToken })).data!.me.id).toBe(victim.id);
  });

  it("needs a session for everywhere", async () => {
    const result = await server.graphql(SIGN_OUT, { everywhere: true });
    expect(result.status).toBe(401);
    expect(codesOf(result)).toEqual(["UNAUTHENTICATED"]);
  });
});
