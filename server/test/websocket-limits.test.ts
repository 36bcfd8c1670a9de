// The WebSocket transport has the limits of HTTP: the body size, the parse and validation limits
// with the same error shapes, and bounds of its own on open connections per address and on the
// time a socket may stay open without sending connection_init.
import WebSocket from "ws";
import { CREATE_COURSE } from "../src/modules/catalog/catalog.fixtures.ts";
import { signUp } from "../src/modules/identity/identity.fixtures.ts";
import { loopbackAddress } from "./support/source-address.ts";
import { startTestServer, type TestServer, UNTHROTTLED } from "./support/test-server.ts";
import { waitUntil } from "./support/wait.ts";

const MAX_BODY_BYTES = 64 * 1024;
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ ...UNTHROTTLED, MAX_BODY_BYTES: String(MAX_BODY_BYTES), GRAPHQL_MAX_TOKENS: "2000" });
});
afterAll(() => server.close());

interface FormattedError {
  message: string;
  locations?: unknown;
  extensions?: Record<string, unknown>;
}

/** The errors one operation answers over the socket: an `error` message, or a result's errors. */
function errorsOverWebSocket(token: string | undefined, request: { query: string; variables?: Record<string, unknown>; operationName?: string }): Promise<FormattedError[]> {
  const client = server.subscriptionClient(token);
  return new Promise((resolve, reject) => {
    client.subscribe(request, {
      next: (result) => resolve((result.errors ?? []) as FormattedError[]),
      error: (error) => (Array.isArray(error) ? resolve(error) : reject(error)),
      complete: () => resolve([]),
    });
  });
}

/** A raw socket speaking graphql-ws's subprotocol, for what a well-behaved client never sends. */
function rawSocket(options: WebSocket.ClientOptions = {}): WebSocket {
  return new WebSocket(`${server.url.replace("http", "ws")}/graphql`, "graphql-transport-ws", options);
}

const closeOf = (socket: WebSocket) => new Promise<number>((resolve) => socket.once("close", (code) => resolve(code)));
const opened = (socket: WebSocket) =>
  new Promise<"open" | number>((resolve) => {
    socket.once("open", () => resolve("open"));
    socket.once("unexpected-response", (_request, response) => resolve(response.statusCode ?? 0));
  });

describe("the same bad input answers the same over HTTP and over WebSocket", () => {
  const deepSelection = "course { sections { videos { course { sections { videos { course { sections { id } } } } } } } }";
  it.each([
    { input: "a document of 4,000 tokens", query: `query { ${"__typename ".repeat(4000)} }` },
    { input: "a syntax error", query: "query {" },
    { input: "a field missing from a subscription's selection", query: "subscription ($c: ID!) { videoStatusChanged(courseId: $c) { id noSuchField } }", variables: { c: "x" } },
    { input: "a subscription without a selection", query: "subscription ($c: ID!) { videoStatusChanged(courseId: $c) }", variables: { c: "x" } },
    { input: "an operation deeper than the limit", query: `subscription ($c: ID!) { videoStatusChanged(courseId: $c) { ${deepSelection} } }`, variables: { c: "x" } },
    { input: "a variable of the wrong type", query: "query ($first: Int) { courses(first: $first) { totalCount } }", variables: { first: "many" } },
    { input: "a required variable missing", query: "query ($id: ID!) { node(id: $id) { id } }" },
    { input: "an unknown operation name", query: "query One { __typename }", operationName: "Two" },
  ])("$input", async ({ query, variables, operationName }) => {
    const owner = await signUp(server, { role: "INSTRUCTOR" });
    const overHttp = await fetch(`${server.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${owner.accessToken}` },
      body: JSON.stringify({ query, variables, operationName }),
    }).then((response) => response.json() as Promise<{ errors: FormattedError[] }>);
    const overWebSocket = await errorsOverWebSocket(owner.accessToken, { query, variables, operationName });

    expect(overHttp.errors.length).toBeGreaterThan(0);
    expect(overHttp.errors[0].extensions?.code).toBe("BAD_USER_INPUT");
    expect(overWebSocket).toEqual(overHttp.errors);
  });
});

it("closes a socket whose message exceeds MAX_BODY_BYTES (1009) on its declared length, before the rest arrives", async () => {
  const owner = await signUp(server, { role: "INSTRUCTOR" });
  const socket = rawSocket();
  const closed = closeOf(socket);
  await opened(socket);
  socket.send(JSON.stringify({ type: "connection_init", payload: { authorization: `Bearer ${owner.accessToken}` } }));
  // A message in fragments that is never finished: the server must refuse it by its length so far.
  const fragment = Buffer.alloc(MAX_BODY_BYTES / 2 + 1, "a");
  socket.send(fragment, { binary: false, fin: false });
  socket.send(fragment, { binary: false, fin: false });
  expect(await closed).toBe(1009);

  const course = await server.graphql(CREATE_COURSE, { input: { title: "After the big message", description: "d", priceCents: 0 } }, { token: owner.accessToken });
  expect(course.errors).toBeUndefined();
});

it("closes a socket that sends no connection_init within the wait (4408)", async () => {
  const socket = rawSocket();
  expect(await closeOf(socket)).toBe(4408);
});

it("refuses more open sockets from one address than WEBSOCKET_CONNECTIONS_PER_ADDRESS (HTTP 429), and takes them again once one closes", async () => {
  const limited = await startTestServer({ ...UNTHROTTLED, WEBSOCKET_CONNECTIONS_PER_ADDRESS: "3" });
  const url = `${limited.url.replace("http", "ws")}/graphql`;
  const connect = (localAddress = "127.0.0.1") => new WebSocket(url, "graphql-transport-ws", { localAddress });
  try {
    const sockets = [connect(), connect(), connect()];
    expect(await Promise.all(sockets.map(opened))).toEqual(["open", "open", "open"]);
    expect(await opened(connect())).toBe(429);
    // Another address has its own allowance.
    const elsewhere = connect(loopbackAddress(1));
    expect(await opened(elsewhere)).toBe("open");

    const first = closeOf(sockets[0]);
    sockets[0].close();
    await first;
    let again: WebSocket | undefined;
    await waitUntil("a socket to be taken once one closed", async () => {
      again = connect();
      if ((await opened(again)) === "open") return true;
      return false;
    });
    for (const socket of [...sockets, elsewhere, again!]) socket.close();
  } finally {
    await limited.close();
  }
});
