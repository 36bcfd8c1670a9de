// Sign-in, sign-up and reset requests are throttled per source address (a short burst, failed
// sign-ins per account and overall), never per account alone: attackers slow down, owners get in.
// Every throttle answers HTTP 429 with Retry-After.
import { signUp, SIGN_UP, uniqueEmail } from "./identity.fixtures.ts";
import { graphqlFrom, loopbackAddress, type SourcedResponse } from "../../../test/support/source-address.ts";
import { startTestServer, type TestServer } from "../../../test/support/test-server.ts";

const SIGN_IN = /* GraphQL */ `mutation SignIn($input: SignInInput!) { signIn(input: $input) { accessToken } }`;
const LOOKUP = /* GraphQL */ `query Lookup($email: String!) { instructorByEmail(email: $email) { id } }`;

/** The one shape of every throttle's refusal. */
function expectThrottled(result: SourcedResponse) {
  expect(result.status).toBe(429);
  expect(result.errors!.map((error) => error.extensions.code)).toEqual(["RATE_LIMITED"]);
  const retryAfterSeconds = result.errors![0].extensions.retryAfterSeconds;
  expect(retryAfterSeconds).toBeGreaterThanOrEqual(1);
  expect(result.headers.get("retry-after")).toBe(String(retryAfterSeconds));
}

const codeOf = (result: SourcedResponse) => result.errors?.[0].extensions.code;

describe("failed sign-ins", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ AUTH_IP_LIMIT_PER_MINUTE: "1000", SIGN_IN_FAILURES_PER_HOUR: "10", SIGN_IN_FAILURES_PER_IP_PER_HOUR: "100" });
  });
  afterAll(() => server.close());

  it("lets the owner in from a fresh address after 100 wrong passwords from 4 others, and throttles the attackers", async () => {
    const owner = await signUp(server);
    const attackers = [1, 2, 3, 4].map(loopbackAddress);
    const answers: Record<string, string[]> = {};
    for (const address of attackers) {
      answers[address] = [];
      for (let attempt = 0; attempt < 25; attempt++) {
        const result = await graphqlFrom(server, address, SIGN_IN, { input: { email: owner.email, password: `guess ${address} ${attempt}` } });
        answers[address].push(codeOf(result)!);
      }
    }
    // The first address has 10 failed tries on the account; once the account has had 10, each
    // further address gets one. Every other attempt is refused before the password is checked.
    const failedTries = (address: string) => answers[address].filter((code) => code === "UNAUTHENTICATED").length;
    expect(attackers.map(failedTries)).toEqual([10, 1, 1, 1]);
    for (const address of attackers) expect(answers[address].slice(-1)).toEqual(["RATE_LIMITED"]);

    const throttled = await graphqlFrom(server, attackers[0], SIGN_IN, { input: { email: owner.email, password: owner.password } });
    expectThrottled(throttled);
    expect(await server.db.session.count({ where: { user: { email: owner.email } } })).toBe(1);

    const ownerSignIn = await graphqlFrom(server, loopbackAddress(5), SIGN_IN, { input: { email: owner.email, password: owner.password } });
    expect(ownerSignIn.errors).toBeUndefined();
    expect(ownerSignIn.data!.signIn.accessToken).toBeTruthy();
    expect(await server.db.session.count({ where: { user: { email: owner.email } } })).toBe(2);
  });

  it("counts an unknown email's failures like a real account's, so the answers tell nothing", async () => {
    const address = loopbackAddress(6);
    const ghost = uniqueEmail("ghost");
    const codes = [];
    for (let attempt = 0; attempt < 11; attempt++) {
      codes.push(codeOf(await graphqlFrom(server, address, SIGN_IN, { input: { email: ghost, password: `guess ${attempt}` } })));
    }
    expect(codes).toEqual([...Array(10).fill("UNAUTHENTICATED"), "RATE_LIMITED"]);
  });
});

describe("failed sign-ins per address on any account", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ AUTH_IP_LIMIT_PER_MINUTE: "1000", SIGN_IN_FAILURES_PER_IP_PER_HOUR: "3" });
  });
  afterAll(() => server.close());

  it("throttles an address that fails on many accounts, and only that address", async () => {
    const sprayer = loopbackAddress(7);
    const victims = await Promise.all([signUp(server), signUp(server), signUp(server), signUp(server)]);
    for (const victim of victims.slice(0, 3)) {
      expect(codeOf(await graphqlFrom(server, sprayer, SIGN_IN, { input: { email: victim.email, password: "Summer2024!" } }))).toBe("UNAUTHENTICATED");
    }
    const last = victims[3];
    expectThrottled(await graphqlFrom(server, sprayer, SIGN_IN, { input: { email: last.email, password: last.password } }));
    expect(await server.db.session.count({ where: { user: { email: last.email } } })).toBe(1);

    const elsewhere = await graphqlFrom(server, loopbackAddress(8), SIGN_IN, { input: { email: last.email, password: last.password } });
    expect(elsewhere.data!.signIn.accessToken).toBeTruthy();
  });
});

describe("burst per IP", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ AUTH_IP_LIMIT_PER_MINUTE: "4" });
  });
  afterAll(() => server.close());

  it("refuses sign-ups and sign-ins past the burst from one address with 429, Retry-After and retryAfterSeconds", async () => {
    const address = loopbackAddress(9);
    const account = await signUp(server);
    for (let i = 0; i < 4; i++) {
      const result = await graphqlFrom(server, address, SIGN_IN, { input: { email: account.email, password: account.password } });
      expect(result.data?.signIn).toBeTruthy();
    }
    const refusedSignIn = await graphqlFrom(server, address, SIGN_IN, { input: { email: account.email, password: account.password } });
    expectThrottled(refusedSignIn);
    expect(refusedSignIn.errors![0].extensions.retryAfterSeconds).toBeLessThanOrEqual(60);

    const email = uniqueEmail();
    expectThrottled(await graphqlFrom(server, address, SIGN_UP, { input: { email, password: "fine password here", displayName: "X" } }));
    expect(await server.db.user.count({ where: { email } })).toBe(0);
  });
});

describe("sign-ups of taken addresses", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ AUTH_IP_LIMIT_PER_MINUTE: "1000" });
  });
  afterAll(() => server.close());

  it("lets an address learn of 10 taken emails an hour, then refuses its sign-ups with 429", async () => {
    const address = loopbackAddress(11);
    const taken = await Promise.all(Array.from({ length: 10 }, () => signUp(server)));
    for (const account of taken) {
      const result = await graphqlFrom(server, address, SIGN_UP, { input: { email: account.email, password: "fine password here", displayName: "Copy" } });
      expect(codeOf(result)).toBe("CONFLICT");
    }
    const fresh = uniqueEmail();
    expectThrottled(await graphqlFrom(server, address, SIGN_UP, { input: { email: fresh, password: "fine password here", displayName: "New" } }));
    expect(await server.db.user.count({ where: { email: fresh } })).toBe(0);

    const elsewhere = await graphqlFrom(server, loopbackAddress(12), SIGN_UP, { input: { email: fresh, password: "fine password here", displayName: "New" } });
    expect(elsewhere.data!.signUp.accessToken).toBeTruthy();
  });
});

describe("instructor lookups per viewer", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ AUTH_IP_LIMIT_PER_MINUTE: "1000" });
  });
  afterAll(() => server.close());

  it("answers the 21st lookup in a minute with 429 and Retry-After", async () => {
    const owner = await signUp(server, { role: "INSTRUCTOR" });
    const address = loopbackAddress(10);
    for (let i = 0; i < 20; i++) {
      const result = await graphqlFrom(server, address, LOOKUP, { email: uniqueEmail("nobody") }, owner.accessToken);
      expect(result.errors).toBeUndefined();
    }
    expectThrottled(await graphqlFrom(server, address, LOOKUP, { email: uniqueEmail("nobody") }, owner.accessToken));
  });
});
