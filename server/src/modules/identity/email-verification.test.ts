// Email verification: the link mailed at sign-up, used once; new links for the signed-in owner,
// throttled; and what an unverified account may not do (apply to teach).
import { expectError } from "../../../test/support/errors.ts";
import { signUp, uniqueEmail } from "./identity.fixtures.ts";
import { databaseState } from "../../../test/support/database-state.ts";
import { mailedToken } from "../../../test/support/mailbox.ts";
import { graphqlFrom, loopbackAddress } from "../../../test/support/source-address.ts";
import { startTestServer, type GraphQLResponse, type TestServer } from "../../../test/support/test-server.ts";
import { hashSecret } from "./tokens.ts";

const VERIFY = /* GraphQL */ `mutation Verify($token: String!) { verifyEmail(token: $token) { id email emailVerified } }`;
const RESEND = /* GraphQL */ `mutation { resendEmailVerification }`;
const ME = /* GraphQL */ `query { me { emailVerified } }`;
const APPLY = /* GraphQL */ `
  mutation Apply($input: InstructorApplicationInput!) { applyToTeach(input: $input) { status } }
`;
const APPLICATION = { input: { headline: "Data engineer", motivation: "Ten years of pipelines." } };
const PUBLIC_URL = "https://courses.example.com";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ AUTH_IP_LIMIT_PER_MINUTE: "1000", PUBLIC_URL });
});
afterAll(() => server.close());

const codesOf = (result: GraphQLResponse) => result.errors?.map((error) => error.extensions.code);
const isVerified = async (email: string) => (await server.db.user.findUniqueOrThrow({ where: { email } })).emailVerified;

it("mails a new account a link to the web client's verify page, which verifies the address once", async () => {
  const account = await signUp(server);
  const mail = await server.db.mailOutbox.findFirstOrThrow({ where: { to: account.email } });
  expect(mail.subject).toBe("Verify your email address");
  expect(mail.text).toMatch(new RegExp(`${PUBLIC_URL}/verify-email\\?token=[A-Za-z0-9_-]{43}\\n`));
  const token = await mailedToken(server, account.email, "verify-email");
  // Stored only as a hash.
  const stored = await server.db.emailVerificationToken.findFirstOrThrow({ where: { user: { email: account.email } } });
  expect(stored.tokenHash).toBe(hashSecret(token));
  // Valid for 24 hours (createdAt is the database's clock, expiresAt the server's: a minute's leeway).
  expect(Math.abs(stored.expiresAt.getTime() - stored.createdAt.getTime() - 24 * 3_600_000)).toBeLessThan(60_000);
  expect((await server.graphql(ME, {}, { token: account.accessToken })).data).toEqual({ me: { emailVerified: false } });

  // Anyone holding the link may use it: here a browser that is not signed in.
  const verified = await server.graphql(VERIFY, { token });
  expect(verified.errors).toBeUndefined();
  expect(verified.data!.verifyEmail).toEqual({ id: account.id, email: null, emailVerified: true });
  expect(await isVerified(account.email)).toBe(true);
  expect((await server.graphql(ME, {}, { token: account.accessToken })).data).toEqual({ me: { emailVerified: true } });
  expect((await server.db.emailVerificationToken.findFirstOrThrow({ where: { tokenHash: hashSecret(token) } })).usedAt).not.toBeNull();

  const again = await server.graphql(VERIFY, { token });
  expect(codesOf(again)).toEqual(["BAD_USER_INPUT"]);
  expect(again.errors![0].extensions.fields).toEqual({ token: expect.stringMatching(/^This verification link is not valid/) });
});

it("refuses an expired link and writes nothing", async () => {
  const account = await signUp(server);
  const token = await mailedToken(server, account.email, "verify-email");
  await server.db.emailVerificationToken.updateMany({ where: { user: { email: account.email } }, data: { expiresAt: new Date(Date.now() - 1000) } });
  const before = await databaseState(server);
  const result = await server.graphql(VERIFY, { token }, { token: account.accessToken });
  expect(codesOf(result)).toEqual(["BAD_USER_INPUT"]);
  expect(result.errors![0].extensions.fields).toHaveProperty("token");
  expect(await databaseState(server)).toEqual(before);
  expect(await isVerified(account.email)).toBe(false);
});

it.each([
  ["an unknown token", "A".repeat(43)],
  ["a malformed token", "not a token at all!"],
  ["an empty token", ""],
  ["an oversized token", "A".repeat(10_000)],
])("refuses %s with BAD_USER_INPUT naming token, and writes nothing", async (_case, token) => {
  await signUp(server);
  const before = await databaseState(server);
  const result = await server.graphql(VERIFY, { token });
  expect(codesOf(result)).toEqual(["BAD_USER_INPUT"]);
  expect(Object.keys(result.errors![0].extensions.fields!)).toEqual(["token"]);
  expect(await databaseState(server)).toEqual(before);
});

it("mails the signed-in owner a new link; any one link verifies, and then the others are retired", async () => {
  const account = await signUp(server);
  const first = await mailedToken(server, account.email, "verify-email");
  expect((await server.graphql(RESEND, {}, { token: account.accessToken })).data).toEqual({ resendEmailVerification: true });
  const second = await mailedToken(server, account.email, "verify-email");
  expect(second).not.toBe(first);
  expect(await server.db.mailOutbox.count({ where: { to: account.email, subject: "Verify your email address" } })).toBe(2);

  expect((await server.graphql(VERIFY, { token: first })).data!.verifyEmail.emailVerified).toBe(true);
  expect(codesOf(await server.graphql(VERIFY, { token: second }))).toEqual(["BAD_USER_INPUT"]);

  const resendWhenVerified = await server.graphql(RESEND, {}, { token: account.accessToken });
  expectError(resendWhenVerified, "CONFLICT", "EMAIL_ALREADY_VERIFIED");
  expect(await server.db.mailOutbox.count({ where: { to: account.email } })).toBe(2);
});

it("asks a person to sign in to get a new link", async () => {
  const result = await server.graphql(RESEND);
  expect(result.status).toBe(401);
  expect(codesOf(result)).toEqual(["UNAUTHENTICATED"]);
});

describe("new links per account and per source address", () => {
  const counted = (email: string) => server.db.mailOutbox.count({ where: { to: email } });

  it("gives an account 5 new links an hour, then answers 429 with Retry-After and mails nothing", async () => {
    const account = await signUp(server);
    const address = loopbackAddress(30);
    for (let i = 0; i < 5; i++) {
      expect((await graphqlFrom(server, address, RESEND, {}, account.accessToken)).data).toEqual({ resendEmailVerification: true });
    }
    // Another address does not reset the account's count.
    const refused = await graphqlFrom(server, loopbackAddress(31), RESEND, {}, account.accessToken);
    expect(refused.status).toBe(429);
    expect(codesOf(refused)).toEqual(["RATE_LIMITED"]);
    expect(refused.headers.get("retry-after")).toBe(String(refused.errors![0].extensions.retryAfterSeconds));
    expect(await counted(account.email)).toBe(6);

    // The links already mailed still work.
    const token = await mailedToken(server, account.email, "verify-email");
    expect((await server.graphql(VERIFY, { token })).data!.verifyEmail.emailVerified).toBe(true);
  });

  it("gives one source address 20 new links an hour across accounts; other addresses are not affected", async () => {
    const address = loopbackAddress(40);
    const accounts = [];
    for (let i = 0; i < 5; i++) accounts.push(await signUp(server, { email: uniqueEmail("shared-address") }));
    for (const account of accounts.slice(0, 4)) {
      for (let i = 0; i < 5; i++) await graphqlFrom(server, address, RESEND, {}, account.accessToken);
    }
    const last = accounts[4];
    const refused = await graphqlFrom(server, address, RESEND, {}, last.accessToken);
    expect(refused.status).toBe(429);
    expect(codesOf(refused)).toEqual(["RATE_LIMITED"]);
    expect(await counted(last.email)).toBe(1);

    const elsewhere = await graphqlFrom(server, loopbackAddress(41), RESEND, {}, last.accessToken);
    expect(elsewhere.data).toEqual({ resendEmailVerification: true });
    expect(await counted(last.email)).toBe(2);
  });
});

describe("applying to teach", () => {
  it("is refused to an unverified account with a sentence saying where the link went, and writes nothing", async () => {
    const student = await signUp(server);
    const before = await databaseState(server);
    const refused = await server.graphql(APPLY, APPLICATION, { token: student.accessToken });
    expect(refused.status).toBe(403);
    expectError(refused, "FORBIDDEN", "EMAIL_NOT_VERIFIED");
    expect(refused.errors![0].message).toMatch(new RegExp(`^Verify your email address first: we sent a link to ${student.email}\\.`));
    expect(await databaseState(server)).toEqual(before);
  });

  it("is open once the mailed link verified the address", async () => {
    const student = await signUp(server);
    await server.graphql(VERIFY, { token: await mailedToken(server, student.email, "verify-email") });
    const applied = await server.graphql(APPLY, APPLICATION, { token: student.accessToken });
    expect(applied.data).toEqual({ applyToTeach: { status: "PENDING" } });
    expect(await server.db.instructorApplication.count({ where: { applicant: { email: student.email } } })).toBe(1);
  });
});
