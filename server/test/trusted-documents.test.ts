// Trusted documents: the web client's operations, extracted by GraphQL Code Generator, run by hash
// over HTTP and WebSocket; with TRUSTED_DOCUMENTS_ONLY a browser may run nothing else (refused as
// FORBIDDEN, nothing written), while partners' API keys send any document; without it, clients
// may register their own by hash.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import type { Client } from "graphql-ws";
import { CREATE_COURSE } from "../src/modules/catalog/catalog.fixtures.ts";
import { signUpCast, type Cast } from "../src/modules/identity/identity.fixtures.ts";
import { REPOSITORY_ROOT } from "../src/platform/paths.ts";
import { documentHash, readTrustedDocuments } from "../src/platform/trusted-documents.ts";
import { startTestServer, type TestServer } from "./support/test-server.ts";

interface Answer {
  status: number;
  body: { data?: any; errors?: { message: string; extensions: { code: string; reason?: string } }[] };
}

const documents = readTrustedDocuments();
/** The web client's own query of the platform's features, and its hash. */
const [featuresHash, featuresText] = [...documents].find(([, text]) => text.startsWith("query PlatformFeatures"))!;
const UNTRUSTED = `query Untrusted { platformFeatures { payments } }`;

async function post(server: TestServer, body: Record<string, unknown>, token?: string): Promise<Answer> {
  const response = await fetch(`${server.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Answer["body"] };
}

const byHash = (hash: string, query?: string) => ({ ...(query ? { query } : {}), extensions: { persistedQuery: { version: 1, sha256Hash: hash } } });

/** Apollo's answer to a hash it does not know, in the contract's codes: the client then sends the text. */
const NOT_FOUND = { message: "PersistedQueryNotFound", extensions: { code: "BAD_USER_INPUT", reason: "PERSISTED_QUERY_NOT_FOUND" } };

/** One operation over a WebSocket, and what came back: its data or its errors. */
function overWebSocket(client: Client, payload: { query: string; extensions?: Record<string, unknown> }): Promise<Answer["body"]> {
  return new Promise((resolve) => {
    let answer: Answer["body"] = {};
    client.subscribe(payload, {
      next: (result) => void (answer = result as Answer["body"]),
      error: (error) => resolve({ errors: error as Answer["body"]["errors"] }),
      complete: () => resolve(answer),
    });
  });
}

it("has the manifest codegen makes of the web client's documents today, each the sha256 of its text", () => {
  const codegen = spawnSync(process.execPath, [path.join(REPOSITORY_ROOT, "node_modules/@graphql-codegen/cli/cjs/bin.js"), "--config", "../codegen.ts", "--check"], {
    cwd: path.join(REPOSITORY_ROOT, "web"),
    encoding: "utf8",
  });
  expect({ status: codegen.status, stale: codegen.stdout.match(/stale files[^]*/)?.[0] }).toEqual({ status: 0, stale: undefined });
  expect(documents.size).toBeGreaterThan(50);
  for (const [hash, text] of documents) expect(documentHash(text)).toBe(hash);
});

/** A server that runs any document, where the test's people sign up and make their keys as the fixtures do. */
let open: TestServer;
let cast: Cast;
/** Both servers sign and read the same tokens, as instances of one deployment do. */
const JWT_SECRET = randomBytes(32).toString("hex");
beforeAll(async () => {
  open = await startTestServer({ JWT_SECRET });
  cast = await signUpCast(open);
});
afterAll(() => open.close());

describe("with TRUSTED_DOCUMENTS_ONLY", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ JWT_SECRET, TRUSTED_DOCUMENTS_ONLY: "true" }, { besides: open });
  });
  afterAll(() => server.close());

  it("runs the web client's documents sent by hash alone or by their text", async () => {
    for (const body of [byHash(featuresHash), { query: featuresText }, byHash(featuresHash, featuresText)]) {
      const answer = await post(server, body);
      expect(answer.body.errors).toBeUndefined();
      expect(answer.body.data.platformFeatures).toEqual({ __typename: "PlatformFeatures", payments: expect.any(Boolean), tutor: expect.any(Boolean) });
    }
  });

  it("refuses any other document from a browser, anonymous or signed in, and writes nothing", async () => {
    const anonymous = await post(server, { query: UNTRUSTED });
    expect(anonymous.status).toBe(403);
    expect(anonymous.body).toEqual({ errors: [expect.objectContaining({ extensions: expect.objectContaining({ code: "FORBIDDEN", reason: "UNTRUSTED_DOCUMENT" }) })] });

    const before = await server.db.course.count();
    const write = await post(server, { query: CREATE_COURSE, variables: { input: { title: "Not trusted", description: "d", priceCents: 0 } } }, cast.owner.accessToken);
    expect(write.body.errors?.[0].extensions).toMatchObject({ code: "FORBIDDEN", reason: "UNTRUSTED_DOCUMENT" });
    expect(write.body.data ?? null).toBeNull();
    expect(await server.db.course.count()).toBe(before);
  });

  it("does not let a browser register a document by hash", async () => {
    const hash = documentHash(UNTRUSTED);
    expect((await post(server, byHash(hash))).body.errors).toEqual([NOT_FOUND]);
    expect((await post(server, byHash(hash, UNTRUSTED))).body.errors?.[0].extensions.reason).toBe("UNTRUSTED_DOCUMENT");
    expect((await post(server, byHash(hash))).body.errors).toEqual([NOT_FOUND]);
  });

  it("runs any document a partner's API key sends, as its scopes allow", async () => {
    const answer = await post(server, { query: UNTRUSTED }, cast.keys.ownerKey);
    expect(answer.body).toEqual({ data: { platformFeatures: { payments: expect.any(Boolean) } } });
  });

  it("applies the same rule over WebSocket: the trusted document of a hash runs, others only for API keys", async () => {
    const browser = server.subscriptionClient(cast.student.accessToken);
    // The text graphql-ws requires is not what runs: the hash names the trusted document.
    const trusted = await overWebSocket(browser, { query: UNTRUSTED, extensions: byHash(featuresHash).extensions });
    expect(trusted.data.platformFeatures).toMatchObject({ __typename: "PlatformFeatures", tutor: expect.any(Boolean) });
    const refused = await overWebSocket(browser, { query: UNTRUSTED });
    expect(refused.errors?.[0].extensions).toMatchObject({ code: "FORBIDDEN", reason: "UNTRUSTED_DOCUMENT" });
    const partner = await overWebSocket(server.subscriptionClient(cast.keys.ownerKey), { query: UNTRUSTED });
    expect(partner).toEqual({ data: { platformFeatures: { payments: expect.any(Boolean) } } });
  });
});

describe("without it", () => {
  it("runs any document, and lets a client register its own by hash", async () => {
    const server = open;
    const hash = documentHash(UNTRUSTED);
    expect((await post(server, { query: UNTRUSTED })).body.data.platformFeatures).toEqual({ payments: expect.any(Boolean) });
    expect((await post(server, byHash(hash))).body.errors).toEqual([NOT_FOUND]);
    expect((await post(server, byHash(hash, UNTRUSTED))).body.errors).toBeUndefined();
    expect((await post(server, byHash(hash))).body.data.platformFeatures).toEqual({ payments: expect.any(Boolean) });
    expect((await post(server, byHash(featuresHash), cast.student.accessToken)).body.data.platformFeatures.__typename).toBe("PlatformFeatures");
  });
});
