// What the log says about requests and unsent mail: at info, one short line per GraphQL request
// (operations, status, time) and none for files, media or headers; at debug, every request with
// its headers; without SMTP_URL, each mail as one line with its links.
import { signUp } from "../src/modules/identity/identity.fixtures.ts";
import { startTestServer, type TestServer } from "./support/test-server.ts";
import { waitUntil } from "./support/wait.ts";

type LogEntry = Record<string, unknown> & { level: number; msg?: string };

/** A pino destination that keeps the entries it is given. */
function logCollector() {
  const entries: LogEntry[] = [];
  return {
    entries,
    write(chunk: string) {
      for (const line of chunk.split("\n")) if (line) entries.push(JSON.parse(line) as LogEntry);
    },
  };
}

const INFO = 30;
const DEBUG = 20;
/** A header only a detailed log may show. */
const TRACE_HEADER = { "x-trace-note": "shown-only-at-debug" };

async function requestsBesideGraphQL(server: TestServer): Promise<void> {
  await fetch(`${server.url}/courses/some-course`, { headers: { accept: "text/html", ...TRACE_HEADER } });
  await fetch(`${server.url}/assets/index-of-an-older-build.js`, { headers: TRACE_HEADER });
  await fetch(`${server.url}/media/play/videos/unknown/video.mp4?expires=1&signature=secret-signature`, { headers: TRACE_HEADER });
}

describe("at LOG_LEVEL=info", () => {
  const log = logCollector();
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ LOG_LEVEL: "info" }, { logTo: log });
  });
  afterAll(() => server.close());

  it("writes one line per GraphQL request with its operations, status and time, and nothing for other requests or headers", async () => {
    await requestsBesideGraphQL(server);
    const single = await server.graphql("query CatalogPing { __typename }", undefined, { headers: TRACE_HEADER });
    expect(single.status).toBe(200);
    await fetch(`${server.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", ...TRACE_HEADER },
      body: JSON.stringify([
        { query: "query First { __typename }", operationName: "First" },
        { query: "{ __typename }" },
      ]),
    });
    await waitUntil("the batch's line", () => log.entries.some((entry) => entry.operation === "First,(unnamed)"));

    const requestLines = log.entries.filter((entry) => "statusCode" in entry || "req" in entry || "res" in entry);
    expect(requestLines).toEqual([
      {
        level: INFO,
        time: expect.any(Number),
        reqId: expect.any(String),
        operation: "CatalogPing",
        statusCode: 200,
        responseTime: expect.any(Number),
        msg: expect.stringMatching(/^graphql CatalogPing 200 in \d+ ms$/),
      },
      expect.objectContaining({ level: INFO, operation: "First,(unnamed)", msg: expect.stringMatching(/^graphql First,\(unnamed\) 200 in \d+ ms$/) }),
    ]);
    expect(JSON.stringify(log.entries)).not.toContain("shown-only-at-debug");
  });

  it("gives the lines a request's work logs that request's id, as its request line has", async () => {
    const account = await signUp(server);
    const refresh = `mutation RefreshTwice($token: String!) { refreshSession(refreshToken: $token) { accessToken } }`;
    expect((await server.graphql(refresh, { token: account.refreshToken })).data?.refreshSession).toBeTruthy();
    const requestId = "log-test-reused-refresh-token";
    const reused = await server.graphql(refresh, { token: account.refreshToken }, { headers: { "x-request-id": requestId } });
    expect(reused.errors?.[0].extensions.code).toBe("UNAUTHENTICATED");
    await waitUntil("the request's line", () => log.entries.some((entry) => entry.operation === "RefreshTwice" && entry.reqId === requestId));
    const revoked = log.entries.filter((entry) => entry.msg === "refresh token reused; session revoked");
    expect(revoked).toEqual([expect.objectContaining({ level: 40, reqId: requestId })]);
    expect(JSON.stringify(log.entries)).not.toContain(account.refreshToken);
  });

  it("shows a mail that is not sent (no SMTP_URL) as one line with its link", async () => {
    const account = await signUp(server);
    const requested = await server.graphql(`mutation($email: String!) { requestPasswordReset(email: $email) }`, { email: account.email });
    expect(requested.data?.requestPasswordReset).toBe(true);
    const resetLines = () => log.entries.filter((entry) => entry.msg?.startsWith(`mail to ${account.email}: Reset your password`));
    await waitUntil("the reset mail's line", () => resetLines().length > 0);

    const [line] = resetLines();
    const stored = await server.db.mailOutbox.findFirstOrThrow({ where: { to: account.email, subject: "Reset your password" } });
    const link = /http\S+\/reset-password\?token=\S+/.exec(stored.text)![0];
    expect(line).toEqual({ level: INFO, time: expect.any(Number), msg: `mail to ${account.email}: Reset your password — ${link}` });
    expect(resetLines()).toHaveLength(1);
  });
});

describe("at LOG_LEVEL=debug", () => {
  const log = logCollector();
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ LOG_LEVEL: "debug" }, { logTo: log });
  });
  afterAll(() => server.close());

  it("also writes the other requests, with their headers, at debug", async () => {
    await requestsBesideGraphQL(server);
    const forPath = (path: string) =>
      log.entries.find((entry) => (entry.req as { url?: string } | undefined)?.url?.startsWith(path) && "res" in entry);
    await waitUntil("the media request's line", () => forPath("/media/play/") !== undefined);

    for (const path of ["/courses/some-course", "/assets/index-of-an-older-build.js", "/media/play/"]) {
      const entry = forPath(path);
      expect({ path, level: entry?.level }).toEqual({ path, level: DEBUG });
      expect((entry?.req as { headers: Record<string, string> }).headers["x-trace-note"]).toBe("shown-only-at-debug");
    }
  });
});
