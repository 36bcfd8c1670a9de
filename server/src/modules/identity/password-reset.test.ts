// Forgotten passwords: the emailed single-use token, its expiry, and what a reset ends.
import { signUp, uniqueEmail } from "./identity.fixtures.ts";
import { graphqlFrom, loopbackAddress } from "../../../test/support/source-address.ts";
import { startTestServer, type TestServer } from "../../../test/support/test-server.ts";

const REQUEST = /* GraphQL */ `mutation Request($email: String!) { requestPasswordReset(email: $email) }`;
const RESET = /* GraphQL */ `mutation Reset($token: String!, $password: String!) { resetPassword(token: $token, newPassword: $password) }`;
const SIGN_IN = /* GraphQL */ `mutation SignIn($input: SignInInput!) { signIn(input: $input) { accessToken } }`;
const ME = /* GraphQL */ `query { me { id } }`;
/** Sign-up also mails a verification link: counts are of reset mails. */
const RESET_SUBJECT = "Reset your password";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ AUTH_IP_LIMIT_PER_MINUTE: "1000", PASSWORD_RESETS_PER_HOUR: "1000" });
});
afterAll(() => server.close());

/** Reads the link out of the message the user would receive. */
async function mailedToken(email: string, target = server): Promise<string> {
  const mail = await target.db.mailOutbox.findFirstOrThrow({ where: { to: email }, orderBy: { createdAt: "desc" } });
  const token = /reset-password\?token=([A-Za-z0-9_-]+)/.exec(mail.text)?.[1];
  if (!token) throw new Error(`no reset link in ${mail.text}`);
  return token;
}

const codesOf = (result: { errors?: { extensions: { code: string } }[] }) => result.errors?.map((e) => e.extensions.code);

it("mails a link whose token sets a new password once and ends every session", async () => {
  const account = await signUp(server);
  expect((await server.graphql(REQUEST, { email: account.email.toUpperCase() })).data).toEqual({ requestPasswordReset: true });
  const token = await mailedToken(account.email);
  expect(await server.db.passwordResetToken.count({ where: { tokenHash: token } })).toBe(0);

  const reset = await server.graphql(RESET, { token, password: "a brand new secret" });
  expect(reset.data).toEqual({ resetPassword: true });
  expect((await server.graphql(ME, {}, { token: account.accessToken })).status).toBe(401);
  expect(codesOf(await server.graphql(SIGN_IN, { input: { email: account.email, password: account.password } }))).toEqual(["UNAUTHENTICATED"]);
  expect((await server.graphql(SIGN_IN, { input: { email: account.email, password: "a brand new secret" } })).data?.signIn.accessToken).toBeTruthy();

  const reused = await server.graphql(RESET, { token, password: "yet another secret" });
  expect(codesOf(reused)).toEqual(["BAD_USER_INPUT"]);
  expect(reused.errors![0].extensions.fields).toHaveProperty("token");
});

it("answers true for an unknown email and sends nothing", async () => {
  const email = uniqueEmail("ghost");
  expect((await server.graphql(REQUEST, { email })).data).toEqual({ requestPasswordReset: true });
  expect(await server.db.mailOutbox.count({ where: { to: email } })).toBe(0);
});

it("refuses an expired token", async () => {
  const account = await signUp(server);
  await server.graphql(REQUEST, { email: account.email });
  const token = await mailedToken(account.email);
  await server.db.passwordResetToken.updateMany({ where: { user: { email: account.email } }, data: { expiresAt: new Date(Date.now() - 1000) } });
  const result = await server.graphql(RESET, { token, password: "a brand new secret" });
  expect(codesOf(result)).toEqual(["BAD_USER_INPUT"]);
  expect((await server.graphql(SIGN_IN, { input: { email: account.email, password: account.password } })).data?.signIn).toBeTruthy();
});

it("makes older links useless once one is used", async () => {
  const account = await signUp(server);
  await server.graphql(REQUEST, { email: account.email });
  const older = await mailedToken(account.email);
  await new Promise((resolve) => setTimeout(resolve, 5));
  await server.graphql(REQUEST, { email: account.email });
  const newer = await mailedToken(account.email);
  expect(newer).not.toBe(older);
  expect((await server.graphql(RESET, { token: newer, password: "a brand new secret" })).data).toEqual({ resetPassword: true });
  expect(codesOf(await server.graphql(RESET, { token: older, password: "another new secret" }))).toEqual(["BAD_USER_INPUT"]);
});

it.each([
  ["a forged token", { token: "A".repeat(43) }, "token"],
  ["an oversized token", { token: "A".repeat(10_000) }, "token"],
  ["a weak new password", { password: "qwertyuiop" }, "newPassword"],
  ["a short new password", { password: "abc" }, "newPassword"],
])("refuses %s with BAD_USER_INPUT", async (_case, override, field) => {
  const result = await server.graphql(RESET, { token: "A".repeat(43), password: "a brand new secret", ...override });
  expect(codesOf(result)).toEqual(["BAD_USER_INPUT"]);
  expect(result.errors![0].extensions.fields).toHaveProperty(field);
});

describe("reset requests per address", () => {
  let throttled: TestServer;
  beforeAll(async () => {
    throttled = await startTestServer({ AUTH_IP_LIMIT_PER_MINUTE: "1000", PASSWORD_RESETS_PER_HOUR: "3" });
  });
  afterAll(() => throttled.close());

  it("throttles reset requests per requesting address with 429 and Retry-After", async () => {
    const account = await signUp(throttled);
    const address = loopbackAddress(20);
    for (let i = 0; i < 3; i++) expect((await graphqlFrom(throttled, address, REQUEST, { email: account.email })).data).toEqual({ requestPasswordReset: true });
    const refused = await graphqlFrom(throttled, address, REQUEST, { email: uniqueEmail("other") });
    expect(refused.status).toBe(429);
    expect(codesOf(refused)).toEqual(["RATE_LIMITED"]);
    expect(refused.headers.get("retry-after")).toBe(String(refused.errors![0].extensions.retryAfterSeconds));
    expect(await throttled.db.mailOutbox.count({ where: { to: account.email, subject: RESET_SUBJECT } })).toBe(3);
  });

  it("never lets strangers use up the owner's reset: their requests stop mailing, the owner's link comes and works", async () => {
    const account = await signUp(throttled);
    const [first, second, owner] = [21, 22, 23].map(loopbackAddress);
    const strangerAnswers = [];
    for (const address of [first, second]) {
      for (let i = 0; i < 3; i++) strangerAnswers.push((await graphqlFrom(throttled, address, REQUEST, { email: account.email })).data);
    }
    expect(strangerAnswers).toEqual(Array(6).fill({ requestPasswordReset: true }));
    // Five mails an hour to one account; the sixth request, from an address that already had one, mails nothing.
    expect(await throttled.db.mailOutbox.count({ where: { to: account.email, subject: RESET_SUBJECT } })).toBe(5);
    expect(codesOf(await graphqlFrom(throttled, first, REQUEST, { email: account.email }))).toEqual(["RATE_LIMITED"]);

    expect((await graphqlFrom(throttled, owner, REQUEST, { email: account.email })).data).toEqual({ requestPasswordReset: true });
    expect(await throttled.db.mailOutbox.count({ where: { to: account.email, subject: RESET_SUBJECT } })).toBe(6);
    const token = await mailedToken(account.email, throttled);
    expect((await throttled.graphql(RESET, { token, password: "the owner's new secret" })).data).toEqual({ resetPassword: true });
    expect((await throttled.graphql(SIGN_IN, { input: { email: account.email, password: "the owner's new secret" } })).data?.signIn.accessToken).toBeTruthy();
  });
});
