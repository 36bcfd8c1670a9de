// The HTTP surface around GraphQL: health probes, request ids, refusals before GraphQL runs, production mode.
import { startTestServer, type TestServer } from "./support/test-server.ts";

describe("development defaults", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ MAX_BODY_BYTES: "2048" });
  });
  afterAll(() => server.close());

  it("answers /healthz and /readyz", async () => {
    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ status: "ok" });
    expect(await (await fetch(`${server.url}/readyz`)).json()).toEqual({ status: "ready" });
  });

  it("echoes a request id, or makes one", async () => {
    const given = await fetch(`${server.url}/healthz`, { headers: { "x-request-id": "trace-me-1" } });
    expect(given.headers.get("x-request-id")).toBe("trace-me-1");
    const made = await fetch(`${server.url}/healthz`);
    expect(made.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("refuses an oversized body with 413 and BAD_USER_INPUT", async () => {
    const response = await fetch(`${server.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: `query { me { id } } # ${"x".repeat(4096)}` }),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ errors: [{ message: "The request body is too large.", extensions: { code: "BAD_USER_INPUT" } }] });
  });

  it("refuses malformed JSON with 400 and BAD_USER_INPUT", async () => {
    const response = await fetch(`${server.url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: "{not json" });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0].extensions.code).toBe("BAD_USER_INPUT");
  });

  it("refuses a query that does not parse with BAD_USER_INPUT", async () => {
    const result = await server.graphql("query { me { id ");
    expect(result.status).toBe(400);
    expect(result.errors![0].extensions.code).toBe("BAD_USER_INPUT");
  });

  it("keeps CSRF prevention on for simple requests", async () => {
    const response = await fetch(`${server.url}/graphql?query=${encodeURIComponent("{ me { id } }")}`);
    expect(response.status).toBe(400);
  });

  it("answers null for Query.node with ids that are not ours", async () => {
    for (const id of ["nope", Buffer.from("User:not-a-uuid").toString("base64url"), Buffer.from("Nothing:01234567-89ab-7def-8123-456789abcdef").toString("base64url")]) {
      expect((await server.graphql(`query($id: ID!) { node(id: $id) { id } }`, { id })).data).toEqual({ node: null });
    }
  });

  it("allows introspection outside production", async () => {
    expect((await server.graphql("{ __schema { queryType { name } } }")).data).toEqual({ __schema: { queryType: { name: "Query" } } });
  });
});

describe("production mode", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ NODE_ENV: "production", JWT_SECRET: "x".repeat(40), MEDIA_SIGNING_KEY: "m".repeat(40), PAYMENTS_PROVIDER: "local" });
  });
  afterAll(() => server.close());

  it("turns introspection off", async () => {
    const result = await server.graphql("{ __schema { queryType { name } } }");
    expect(result.errors![0].extensions.code).toBe("BAD_USER_INPUT");
  });

  it("hides internal error details", async () => {
    await server.db.$executeRawUnsafe("ALTER TABLE profiles RENAME TO profiles_gone");
    try {
      const result = await server.graphql(
        `mutation { signUp(input: { email: "p@example.com", password: "production secret", displayName: "P" }) { accessToken } }`,
      );
      expect(result.errors).toEqual([expect.objectContaining({ message: "Internal server error.", extensions: { code: "INTERNAL_SERVER_ERROR" } })]);
      expect(JSON.stringify(result)).not.toMatch(/profiles|prisma|stack/i);
    } finally {
      await server.db.$executeRawUnsafe("ALTER TABLE profiles_gone RENAME TO profiles");
    }
  });
});
