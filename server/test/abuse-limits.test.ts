// Abuse limits on the whole API: each refused with BAD_USER_INPUT or RATE_LIMITED, never a 500.
import { loadConfig } from "../src/platform/config.ts";
import { signUp } from "../src/modules/identity/identity.fixtures.ts";
import { startTestServer, type TestServer } from "./support/test-server.ts";

let server: TestServer;
let adminToken: string;
beforeAll(async () => {
  server = await startTestServer({ AUTH_IP_LIMIT_PER_MINUTE: "1000", API_REQUESTS_PER_MINUTE: "1000", MAX_BODY_BYTES: "16384" });
  adminToken = (await signUp(server, { role: "ADMIN" })).accessToken;
});
afterAll(() => server.close());

async function post(body: unknown, target = server, token?: string) {
  const response = await fetch(`${target.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as any };
}

function expectBadInput(result: { status: number; body: any }) {
  expect(result.status).toBe(400);
  expect(result.body.errors[0].extensions.code).toBe("BAD_USER_INPUT");
}

const aliases = (count: number) => `query { ${Array.from({ length: count }, (_, i) => `a${i}: me { id }`).join(" ")} }`;

it("defaults to depth 8, 15 aliases, cost 5000, 10 operations a batch", () => {
  const config = loadConfig({ NODE_ENV: "test" });
  expect(config).toMatchObject({ graphqlMaxDepth: 8, graphqlMaxAliases: 15, graphqlMaxCost: 5000, graphqlMaxBatch: 10 });
});

/** Wraps a selection in `levels` inline fragments on InstructorApplication. */
function nested(levels: number, selection: string): string {
  let inner = selection;
  for (let level = 0; level < levels; level += 1) inner = `... on InstructorApplication { ${inner} }`;
  return `query { instructorApplications { edges { node { ${inner} } } } }`;
}

/** `depth` fields deep (Section and Video refer to each other), each level inside an inline fragment. */
function fieldsDeep(depth: number): string {
  const fields = ["courses(first: 1)", "edges", "node", "sections"];
  while (fields.length < depth - 1) fields.push(fields.length % 2 === 0 ? "videos" : "section");
  const types: Record<string, string> = { sections: "Section", videos: "Video", section: "Section" };
  return fields.reduceRight(
    (inner, field) => (types[field] ? `${field} { ... on ${types[field]} { ${inner} } }` : `${field} { ${inner} }`),
    "id",
  );
}

it("refuses a query deeper than 8 fields; fragments add no depth, so clients may nest them", async () => {
  const eightFields = await post({ query: `query { ${fieldsDeep(8)} }` }, server, adminToken);
  expect(eightFields.status).toBe(200);
  expect(eightFields.body.errors).toBeUndefined();
  expect((await post({ query: nested(3, "applicant { profile { displayName } }") }, server, adminToken)).status).toBe(200);
  expectBadInput(await post({ query: `query { ${fieldsDeep(9)} }` }, server, adminToken));
});

it("refuses more than 15 aliases", async () => {
  expect((await post({ query: aliases(15) })).status).toBe(200);
  expectBadInput(await post({ query: aliases(16) }));
});

it("refuses a query whose estimated cost exceeds 5000", async () => {
  const fields = (count: number) => `applicant { profile { ${"displayName ".repeat(count)} } }`;
  expect((await post({ query: nested(2, fields(10)) }, server, adminToken)).status).toBe(200);
  expectBadInput(await post({ query: nested(2, fields(300)) }, server, adminToken));
});

it("refuses a document of more than 2000 tokens", async () => {
  expectBadInput(await post({ query: `query { me { ${"id ".repeat(2100)} } }` }));
});

it("runs batched requests of up to 10 operations and refuses larger batches before running any", async () => {
  const ok = await post(Array.from({ length: 10 }, () => ({ query: "query { me { id } }" })));
  expect(ok.status).toBe(200);
  expect(ok.body).toHaveLength(10);
  expect(ok.body[0]).toEqual({ data: { me: null } });

  const email = `batch-${Date.now()}@example.com`;
  const signUps = Array.from({ length: 11 }, (_, i) => ({
    query: `mutation { signUp(input: { email: "${i}${email}", password: "a good long password", displayName: "B" }) { accessToken } }`,
  }));
  const refused = await post(signUps);
  expectBadInput(refused);
  expect(refused.body.errors[0].extensions.fields).toEqual({ batch: "must hold at most 10 operations" });
  expect(await server.db.user.count({ where: { email: { endsWith: email } } })).toBe(0);
});

it("refuses a request body over the size limit with 413", async () => {
  const result = await post({ query: "query { me { id } }", variables: { padding: "x".repeat(20_000) } });
  expect(result.status).toBe(413);
  expect(result.body.errors[0].extensions.code).toBe("BAD_USER_INPUT");
});

it("keeps Apollo's CSRF prevention on: a simple GET request is refused", async () => {
  const response = await fetch(`${server.url}/graphql?query=${encodeURIComponent("{ me { id } }")}`);
  expect(response.status).toBe(400);
  const body = (await response.json()) as any;
  expect(body.errors[0].extensions.code).toBe("BAD_USER_INPUT");
});

describe("per-viewer request rate", () => {
  let limited: TestServer;
  beforeAll(async () => {
    limited = await startTestServer({ API_REQUESTS_PER_MINUTE: "3" });
  });
  afterAll(() => limited.close());

  it("answers RATE_LIMITED with retryAfterSeconds past the limit, counting each viewer apart", async () => {
    const user = await signUp(limited);
    await post({ query: "query { me { id } }" }, limited);
    await post({ query: "query { me { id } }" }, limited);
    const refused = await post({ query: "query { me { id } }" }, limited);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(refused.body.errors[0].extensions).toEqual({ code: "RATE_LIMITED", retryAfterSeconds: expect.any(Number) });
    expect(refused.body.errors[0].extensions.retryAfterSeconds).toBeGreaterThan(0);

    const asUser = await limited.graphql("query { me { id } }", {}, { token: user.accessToken });
    expect(asUser.status).toBe(200);
    expect(asUser.data?.me.id).toBe(user.id);
  });
});

describe("per-viewer operation rate", () => {
  let limited: TestServer;
  beforeAll(async () => {
    limited = await startTestServer({ API_REQUESTS_PER_MINUTE: "20", AUTH_IP_LIMIT_PER_MINUTE: "1000" });
  });
  afterAll(() => limited.close());

  /** One operation over the viewer's WebSocket: its result, or the errors it was refused with. */
  function overWebSocket(token: string, query: string): Promise<unknown> {
    return new Promise((resolve) => {
      let result: unknown;
      limited.subscriptionClient(token).subscribe(
        { query },
        { next: (value) => (result = value), error: (errors) => resolve({ errors }), complete: () => resolve(result) },
      );
    });
  }

  it("counts each operation of a batch, over HTTP and WebSocket alike: the third batch of 10 is refused", async () => {
    const user = await signUp(limited);
    const batch = Array.from({ length: 10 }, () => ({ query: "query { me { id } }" }));
    const first = await post(batch, limited, user.accessToken);
    expect(first.status).toBe(200);
    expect(first.body.map((result: any) => result.data.me.id)).toEqual(Array(10).fill(user.id));
    expect((await post(batch.slice(0, 9), limited, user.accessToken)).status).toBe(200);
    expect(await overWebSocket(user.accessToken, "query { me { id } }")).toEqual({ data: { me: { id: user.id } } });

    const third = await post(batch, limited, user.accessToken);
    expect(third.status).toBe(429);
    expect(third.headers.get("retry-after")).toBe(String(third.body.errors[0].extensions.retryAfterSeconds));
    expect(third.body.errors[0].extensions.code).toBe("RATE_LIMITED");
    expect(await overWebSocket(user.accessToken, "query { me { id } }")).toEqual({
      errors: [expect.objectContaining({ extensions: expect.objectContaining({ code: "RATE_LIMITED" }) })],
    });
  });
});
