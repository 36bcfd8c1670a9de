// An API key, whatever its scopes, cannot manage its owner's account: no signing in or out, no
// session refresh, no password reset, no email verification, no keys. Every mutation that touches
// sessions, passwords, verification or keys is listed here, and the list is checked against the schema so a new one cannot be missed.
import { getNamedType, type FormattedExecutionResult, type GraphQLField } from "graphql";
import type { Client } from "graphql-ws";
import { signUp, uniqueEmail, type TestAccount } from "./identity.fixtures.ts";
import { databaseState } from "../../../test/support/database-state.ts";
import { mailedToken } from "../../../test/support/mailbox.ts";
import { startTestServer, UNTHROTTLED, type TestServer } from "../../../test/support/test-server.ts";
import { API_KEY_SCOPES } from "./api-key.scopes.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ ...UNTHROTTLED, PASSWORD_RESETS_PER_HOUR: "1000" });
});
afterAll(() => server.close());

/** A person with two sessions, a pending password reset, an unverified address, and two keys: one with every scope. */
interface Owner extends TestAccount {
  secondRefreshToken: string;
  resetToken: string;
  verificationToken: string;
  keySecret: string;
  otherKeyId: string;
}

async function graphqlAs(token: string | undefined, query: string, variables: Record<string, unknown> = {}) {
  const result = await server.graphql(query, variables, { token });
  if (result.errors) throw new Error(`${query}: ${JSON.stringify(result.errors)}`);
  return result.data!;
}

async function ownerWithEverything(): Promise<Owner> {
  const account = await signUp(server, { role: "INSTRUCTOR" });
  const secondSession = await graphqlAs(undefined, `mutation ($input: SignInInput!) { signIn(input: $input) { refreshToken } }`, {
    input: { email: account.email, password: account.password },
  });
  await graphqlAs(undefined, `mutation ($email: String!) { requestPasswordReset(email: $email) }`, { email: account.email });
  const CREATE_KEY = `mutation ($scopes: [String!]!) { createApiKey(name: "partner", scopes: $scopes) { secret apiKey { id } } }`;
  const key = await graphqlAs(account.accessToken, CREATE_KEY, { scopes: [...API_KEY_SCOPES] });
  const otherKey = await graphqlAs(account.accessToken, CREATE_KEY, { scopes: ["catalog:read"] });
  return {
    ...account,
    secondRefreshToken: secondSession.signIn.refreshToken,
    resetToken: await mailedToken(server, account.email, "reset-password"),
    verificationToken: await mailedToken(server, account.email, "verify-email"),
    keySecret: key.createApiKey.secret,
    otherKeyId: otherKey.createApiKey.apiKey.id,
  };
}

interface AccountCase {
  field: string;
  document: string;
  variables?: (owner: Owner) => Record<string, unknown>;
}

/** Each would succeed for the owner in person (or anonymously): the key alone makes it refused. */
const ACCOUNT_CASES: AccountCase[] = [
  { field: "signOut", document: `mutation { signOut(everywhere: true) }` },
  {
    field: "signOut",
    document: `mutation ($token: String) { signOut(refreshToken: $token) }`,
    variables: (owner) => ({ token: owner.secondRefreshToken }),
  },
  { field: "signOut", document: `mutation { signOut }` },
  {
    field: "refreshSession",
    document: `mutation ($token: String!) { refreshSession(refreshToken: $token) { accessToken } }`,
    variables: (owner) => ({ token: owner.secondRefreshToken }),
  },
  {
    field: "signIn",
    document: `mutation ($input: SignInInput!) { signIn(input: $input) { accessToken } }`,
    variables: (owner) => ({ input: { email: owner.email, password: owner.password } }),
  },
  {
    field: "signUp",
    document: `mutation ($input: SignUpInput!) { signUp(input: $input) { accessToken } }`,
    variables: () => ({ input: { email: uniqueEmail("by-key"), password: "a long enough password", displayName: "Key" } }),
  },
  {
    field: "requestPasswordReset",
    document: `mutation ($email: String!) { requestPasswordReset(email: $email) }`,
    variables: (owner) => ({ email: owner.email }),
  },
  {
    field: "resetPassword",
    document: `mutation ($token: String!) { resetPassword(token: $token, newPassword: "a password set by a key") }`,
    variables: (owner) => ({ token: owner.resetToken }),
  },
  {
    field: "verifyEmail",
    document: `mutation ($token: String!) { verifyEmail(token: $token) { emailVerified } }`,
    variables: (owner) => ({ token: owner.verificationToken }),
  },
  { field: "resendEmailVerification", document: `mutation { resendEmailVerification }` },
  { field: "createApiKey", document: `mutation { createApiKey(name: "escalate", scopes: ["payments:read"]) { secret } }` },
  {
    field: "revokeApiKey",
    document: `mutation ($id: ID!) { revokeApiKey(id: $id) { revokedAt } }`,
    variables: (owner) => ({ id: owner.otherKeyId }),
  },
];

const ACCOUNT_TYPES = new Set(["AuthPayload", "ApiKey", "CreatedApiKey"]);

/** Signs in or out, refreshes, sets or resets a password, verifies an address, or handles keys. */
function touchesSessionsPasswordsOrKeys(field: GraphQLField<unknown, unknown>): boolean {
  return (
    ACCOUNT_TYPES.has(getNamedType(field.type).name) ||
    /sign|session|password|verification|apiKey/i.test(field.name) ||
    field.args.some((arg) => /password|token/i.test(arg.name))
  );
}

it("lists every mutation of the schema that touches sessions, passwords, verification or keys", () => {
  const mutations = Object.values(server.app.schema.getMutationType()!.getFields());
  const accountMutations = mutations.filter(touchesSessionsPasswordsOrKeys).map((field) => field.name);
  expect([...new Set(ACCOUNT_CASES.map((c) => c.field))].sort()).toEqual(accountMutations.sort());
});

describe.each(ACCOUNT_CASES.map((c) => [c.document, c] as const))("%s", (_document, accountCase) => {
  it("is refused over HTTP to a key of every scope, and changes nothing", async () => {
    const owner = await ownerWithEverything();
    const variables = accountCase.variables?.(owner) ?? {};
    const before = await databaseState(server);

    const result = await server.graphql(accountCase.document, variables, { token: owner.keySecret });

    expect(result.status).toBe(403);
    expect(result.data ?? null).toBeNull();
    expect(result.errors).toEqual([expect.objectContaining({ path: [accountCase.field], extensions: { code: "FORBIDDEN" } })]);
    expect(await databaseState(server)).toEqual(before);
    expect((await server.graphql(`query { me { id } }`, {}, { token: owner.accessToken })).data).toEqual({ me: { id: owner.id } });
  });

  it("is refused over WebSocket to a key of every scope, and changes nothing", async () => {
    const owner = await ownerWithEverything();
    const variables = accountCase.variables?.(owner) ?? {};
    const before = await databaseState(server);

    const result = await execute(server.subscriptionClient(owner.keySecret), accountCase.document, variables);

    expect(result.data ?? null).toBeNull();
    expect(result.errors).toEqual([expect.objectContaining({ path: [accountCase.field], extensions: { code: "FORBIDDEN" } })]);
    expect(await databaseState(server)).toEqual(before);
  });
});

it("reads no keys either: neither the list nor one key through Query.node", async () => {
  const owner = await ownerWithEverything();
  const listed = await server.graphql(`query { apiKeys { id } }`, {}, { token: owner.keySecret });
  expect(listed.errors?.map((error) => error.extensions.code)).toEqual(["FORBIDDEN"]);
  const NODE = `query ($id: ID!) { node(id: $id) { id ... on ApiKey { name scopes } } }`;
  const node = await server.graphql(NODE, { id: owner.otherKeyId }, { token: owner.keySecret });
  expect(node.errors?.map((error) => error.extensions.code)).toContain("FORBIDDEN");
  expect(JSON.stringify(node.data ?? null)).not.toContain("partner");
  expect((await server.graphql(NODE, { id: owner.otherKeyId }, { token: owner.accessToken })).data!.node).toMatchObject({ name: "partner" });
});

/** Runs one operation over graphql-ws and answers its single result. */
function execute(client: Client, query: string, variables: Record<string, unknown>): Promise<FormattedExecutionResult<Record<string, unknown>, unknown>> {
  return new Promise((resolve, reject) => {
    let result: FormattedExecutionResult<Record<string, unknown>, unknown> | undefined;
    client.subscribe(
      { query, variables },
      { next: (value) => (result = value), error: reject, complete: () => (result ? resolve(result) : reject(new Error("no result"))) },
    );
  });
}
