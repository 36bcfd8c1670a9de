// Partner API keys through the public API: shown once, stored hashed, acting as the owner within scopes.
import { hashSecret } from "./tokens.ts";
import { signUp } from "./identity.fixtures.ts";
import { startTestServer, type TestServer } from "../../../test/support/test-server.ts";
import { expectError } from "../../../test/support/errors.ts";

const CREATE = /* GraphQL */ `
  mutation Create($name: String!, $scopes: [String!]!) {
    createApiKey(name: $name, scopes: $scopes) { secret apiKey { id name prefix scopes createdAt lastUsedAt revokedAt } }
  }
`;
const REVOKE = /* GraphQL */ `mutation Revoke($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }`;
const ME = /* GraphQL */ `query { me { id role } }`;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ AUTH_IP_LIMIT_PER_MINUTE: "1000" });
});
afterAll(() => server.close());

async function createKey(token: string, scopes = ["catalog:read"], name = "Partner") {
  const result = await server.graphql(CREATE, { name, scopes }, { token });
  expect(result.errors).toBeUndefined();
  return result.data!.createApiKey as { secret: string; apiKey: { id: string; prefix: string; scopes: string[] } };
}

describe("creating and listing keys", () => {
  it("keeps 20 active keys at most: the 21st is refused with a reason and nothing written, until one is revoked", async () => {
    const owner = await signUp(server);
    const keys = [];
    for (let index = 0; index < 20; index += 1) keys.push(await createKey(owner.accessToken, ["catalog:read"], `Key ${index}`));
    const refused = await server.graphql(CREATE, { name: "One too many", scopes: ["catalog:read"] }, { token: owner.accessToken });
    expectError(refused, "CONFLICT", "API_KEY_LIMIT_REACHED");
    expect(await server.db.apiKey.count({ where: { user: { email: owner.email } } })).toBe(20);

    await server.graphql(REVOKE, { id: keys[0].apiKey.id }, { token: owner.accessToken });
    await createKey(owner.accessToken, ["catalog:read"], "After a revocation");
  });

  it("shows the secret once, with a recognisable prefix, and stores only its hash", async () => {
    const owner = await signUp(server);
    const { secret, apiKey } = await createKey(owner.accessToken, ["catalog:read", "progress:read", "catalog:read"], "  CI  ");
    expect(secret).toMatch(/^lms_[A-Za-z0-9_-]{43}$/);
    expect(apiKey).toMatchObject({ name: "CI", prefix: secret.slice(0, 10), scopes: ["catalog:read", "progress:read"] });

    const stored = await server.db.apiKey.findFirstOrThrow({ where: { user: { email: owner.email } } });
    expect(stored.secretHash).toBe(hashSecret(secret));
    expect(JSON.stringify(stored)).not.toContain(secret);

    const listed = await server.graphql(`query { apiKeys { id name prefix } }`, {}, { token: owner.accessToken });
    expect(listed.data!.apiKeys).toEqual([{ id: apiKey.id, name: "CI", prefix: apiKey.prefix }]);
    expect(JSON.stringify(listed)).not.toContain(secret);
  });

  it.each([
    ["an unknown scope", { name: "k", scopes: ["catalog:read", "admin:*"] }, "scopes"],
    ["no scope at all", { name: "k", scopes: [] }, "scopes"],
    ["a blank name", { name: "   ", scopes: ["catalog:read"] }, "name"],
    ["an oversized name", { name: "n".repeat(81), scopes: ["catalog:read"] }, "name"],
    ["a malicious scope", { name: "k", scopes: ["'; DROP TABLE api_keys; --".repeat(50)] }, "scopes"],
  ])("refuses %s with BAD_USER_INPUT naming the field, storing nothing", async (_case, variables, field) => {
    const owner = await signUp(server);
    const result = await server.graphql(CREATE, variables, { token: owner.accessToken });
    expect(result.errors?.[0].extensions.code).toBe("BAD_USER_INPUT");
    expect(Object.keys(result.errors![0].extensions.fields!)).toEqual([field]);
    expect(await server.db.apiKey.count({ where: { user: { email: owner.email } } })).toBe(0);
  });

  it("refuses a missing argument as BAD_USER_INPUT", async () => {
    const owner = await signUp(server);
    const result = await server.graphql(`mutation { createApiKey(name: "k") { secret } }`, {}, { token: owner.accessToken });
    expect(result.status).toBe(400);
    expect(result.errors?.[0].extensions.code).toBe("BAD_USER_INPUT");
  });
});

describe("using a key", () => {
  it("acts as its owner, with the owner's current role, and records lastUsedAt at most once a minute", async () => {
    const owner = await signUp(server);
    const { secret, apiKey } = await createKey(owner.accessToken);
    const me = await server.graphql(ME, {}, { token: secret });
    expect(me.data!.me).toEqual({ id: owner.id, role: "STUDENT" });

    const firstUse = (await server.db.apiKey.findFirstOrThrow({ where: { prefix: apiKey.prefix } })).lastUsedAt;
    expect(firstUse).toBeInstanceOf(Date);
    await server.graphql(ME, {}, { token: secret });
    const secondUse = (await server.db.apiKey.findFirstOrThrow({ where: { prefix: apiKey.prefix } })).lastUsedAt;
    expect(secondUse).toEqual(firstUse);

    await server.db.user.update({ where: { email: owner.email }, data: { role: "INSTRUCTOR" } });
    expect((await server.graphql(ME, {}, { token: secret })).data!.me.role).toBe("INSTRUCTOR");
  });

  it("cannot manage keys, the profile or applications: those need a person", async () => {
    const owner = await signUp(server);
    const { secret } = await createKey(owner.accessToken, ["catalog:read", "courses:write"]);
    for (const document of [
      `mutation { createApiKey(name: "escalate", scopes: ["payments:read"]) { secret } }`,
      `mutation { updateProfile(input: { bio: "via key" }) { id } }`,
      `mutation { applyToTeach(input: { headline: "h", motivation: "m" }) { id } }`,
      `query { apiKeys { id } }`,
    ]) {
      const result = await server.graphql(document, {}, { token: secret });
      expect(result.status).toBe(403);
      expect(result.errors?.[0].extensions.code).toBe("FORBIDDEN");
    }
    expect(await server.db.apiKey.count({ where: { user: { email: owner.email } } })).toBe(1);
  });

  it("answers 401 for a forged key, and for a revoked key at once", async () => {
    const forged = await server.graphql(ME, {}, { token: `lms_${"A".repeat(43)}` });
    expect(forged.status).toBe(401);
    expect(forged.errors?.[0].extensions.code).toBe("UNAUTHENTICATED");

    const owner = await signUp(server);
    const { secret, apiKey } = await createKey(owner.accessToken);
    expect((await server.graphql(ME, {}, { token: secret })).status).toBe(200);
    const revoked = await server.graphql(REVOKE, { id: apiKey.id }, { token: owner.accessToken });
    expect(revoked.data!.revokeApiKey.revokedAt).toEqual(expect.any(String));
    const afterRevoke = await server.graphql(ME, {}, { token: secret });
    expect(afterRevoke.status).toBe(401);
    expect(afterRevoke.data ?? null).toBeNull();
  });
});

describe("revoking", () => {
  it("lets nobody but the owner revoke a key: another user gets NOT_FOUND", async () => {
    const owner = await signUp(server);
    const other = await signUp(server, { role: "ADMIN" });
    const { secret, apiKey } = await createKey(owner.accessToken);
    const result = await server.graphql(REVOKE, { id: apiKey.id }, { token: other.accessToken });
    expect(result.errors?.[0].extensions.code).toBe("NOT_FOUND");
    expect((await server.graphql(ME, {}, { token: secret })).status).toBe(200);
  });

  it("refuses an id that is not an ApiKey id", async () => {
    const owner = await signUp(server);
    for (const id of [owner.id, "not-an-id", "x".repeat(5000)]) {
      const result = await server.graphql(REVOKE, { id }, { token: owner.accessToken });
      expect(result.errors?.[0].extensions).toEqual({ code: "BAD_USER_INPUT", fields: { id: "is not a valid ApiKey id" } });
    }
  });

  it("answers a key through Query.node to its owner only", async () => {
    const owner = await signUp(server);
    const other = await signUp(server);
    const { apiKey } = await createKey(owner.accessToken);
    const NODE = `query ($id: ID!) { node(id: $id) { id ... on ApiKey { name } } }`;
    expect((await server.graphql(NODE, { id: apiKey.id }, { token: owner.accessToken })).data!.node).toEqual({ id: apiKey.id, name: "Partner" });
    expect((await server.graphql(NODE, { id: apiKey.id }, { token: other.accessToken })).data!.node).toBeNull();
  });
});
