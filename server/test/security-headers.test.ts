// Security headers on the web client, the API and the media routes: no framing, no MIME sniffing,
// no referrer, and a Content-Security-Policy that keeps scripts and connections to known origins.
import { startTestServer, type TestServer } from "./support/test-server.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ PUBLIC_URL: "http://courses.example.test:4000" });
});
afterAll(() => server.close());

function policyOf(response: Response): Map<string, string[]> {
  const header = response.headers.get("content-security-policy") ?? "";
  return new Map(
    header
      .split(";")
      .map((directive) => directive.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name, ...sources]) => [name!, sources]),
  );
}

function expectBaseHeaders(response: Response) {
  expect({
    frameOptions: response.headers.get("x-frame-options"),
    contentTypeOptions: response.headers.get("x-content-type-options"),
    referrerPolicy: response.headers.get("referrer-policy"),
    frameAncestors: policyOf(response).get("frame-ancestors"),
  }).toEqual({ frameOptions: "DENY", contentTypeOptions: "nosniff", referrerPolicy: "no-referrer", frameAncestors: ["'none'"] });
}

it("serves the web client's pages with a policy of scripts from itself and connections to the API and its socket", async () => {
  const response = await fetch(`${server.url}/courses/some-course`, { headers: { accept: "text/html" } });
  expectBaseHeaders(response);
  const policy = policyOf(response);
  expect(policy.get("default-src")).toEqual(["'self'"]);
  expect(policy.get("script-src")).toEqual(["'self'"]);
  expect(policy.get("object-src")).toEqual(["'none'"]);
  expect(policy.get("base-uri")).toEqual(["'self'"]);
  expect(policy.get("connect-src")).toEqual(["'self'", "ws://courses.example.test:4000", "http://courses.example.test:4000"]);
  expect(policy.get("media-src")).toEqual(expect.arrayContaining(["'self'", "http://courses.example.test:4000"]));
});

it("sends the headers with the API's answers, refusals included", async () => {
  const answered = await fetch(`${server.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query: "{ __typename }" }),
  });
  expect(answered.status).toBe(200);
  expectBaseHeaders(answered);

  const malformed = await fetch(`${server.url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: "{" });
  expect(malformed.status).toBe(400);
  expectBaseHeaders(malformed);
});

it("lets media routes be loaded by pages of other origins, with the other headers kept", async () => {
  const response = await fetch(`${server.url}/media/play/videos/unknown/video.mp4?expires=1&signature=x`);
  expect(response.status).toBeGreaterThanOrEqual(400);
  expectBaseHeaders(response);
  expect(response.headers.get("cross-origin-resource-policy")).toBe("cross-origin");
});
