// The address every throttle counts a client under. Behind a reverse proxy the server trusts
// (TRUST_PROXY), it is the address the proxy forwarded in X-Forwarded-For, over HTTP and over
// WebSocket alike, so clients behind one proxy are throttled apart. From any other peer the header
// is ignored, so a client cannot name a fresh address to get past a throttle.
import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";
import { signUp } from "../src/modules/identity/identity.fixtures.ts";
import { startTestServer, type GraphQLResponse, type TestServer } from "./support/test-server.ts";

const SIGN_IN = /* GraphQL */ `mutation SignIn($input: SignInInput!) { signIn(input: $input) { accessToken } }`;
const CATALOG = /* GraphQL */ `query Catalog { courses(first: 1) { totalCount } }`;

const forwardedFor = (client: string) => ({ "x-forwarded-for": client });
const codeOf = (result: GraphQLResponse) => result.errors?.[0].extensions.code;

/** Signs in through the test server's loopback connection, as the proxy would pass on a client's request. */
function signInForwarded(server: TestServer, client: string, email: string, password: string) {
  return server.graphql(SIGN_IN, { input: { email, password } }, { headers: forwardedFor(client) });
}

const sessionsOf = (server: TestServer, email: string) => server.db.session.count({ where: { user: { email } } });

/** The upgrade request of a raw graphql-ws socket carrying the header: "open", or the HTTP status it was refused with. */
function openSocket(server: TestServer, headers: Record<string, string> = {}): Promise<{ socket: WebSocket; outcome: "open" | number }> {
  const socket = new WebSocket(`${server.url.replace("http", "ws")}/graphql`, "graphql-transport-ws", { headers });
  return new Promise((resolve) => {
    socket.once("open", () => resolve({ socket, outcome: "open" }));
    socket.once("unexpected-response", (_request, response) => {
      response.resume();
      resolve({ socket, outcome: response.statusCode ?? 0 });
    });
  });
}

/** Closes the sockets that opened; a refused one has no connection left (the server ended it). */
function closeAll(sockets: WebSocket[]) {
  return Promise.all(
    sockets
      .filter((socket) => socket.readyState === WebSocket.OPEN)
      .map((socket) => new Promise((resolve) => {
        socket.once("close", resolve);
        socket.close();
      })),
  );
}

describe("behind a proxy the server trusts (TRUST_PROXY=loopback)", () => {
  let server: TestServer;
  const clients: Client[] = [];
  beforeAll(async () => {
    server = await startTestServer({
      TRUST_PROXY: "loopback",
      AUTH_IP_LIMIT_PER_MINUTE: "1000",
      SIGN_IN_FAILURES_PER_IP_PER_HOUR: "2",
      API_REQUESTS_PER_MINUTE: "5",
      WEBSOCKET_CONNECTIONS_PER_ADDRESS: "2",
    });
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.dispose()));
    await server.close();
  });

  /** A graphql-ws client whose upgrade request the proxy forwarded for `client`; answers one operation's result or errors. */
  function runOverWebSocket(client: string, query: string): Promise<GraphQLResponse> {
    const ForwardedSocket = class extends WebSocket {
      constructor(address: string, protocols?: string | string[]) {
        super(address, protocols, { headers: forwardedFor(client) });
      }
    };
    const graphqlWs = createClient({ url: `${server.url.replace("http", "ws")}/graphql`, webSocketImpl: ForwardedSocket, retryAttempts: 0 });
    clients.push(graphqlWs);
    return new Promise((resolve, reject) => {
      graphqlWs.subscribe(
        { query },
        {
          next: (result) => resolve({ status: 200, data: result.data, errors: result.errors as GraphQLResponse["errors"] }),
          error: (error) => (Array.isArray(error) ? resolve({ status: 200, data: undefined, errors: error }) : reject(error)),
          complete: () => {},
        },
      );
    });
  }

  it("throttles failed sign-ins per forwarded client, so one client's failures leave the others behind the proxy alone", async () => {
    const owner = await signUp(server);
    const guesser = "203.0.113.10";
    for (let attempt = 0; attempt < 2; attempt++) {
      expect(codeOf(await signInForwarded(server, guesser, owner.email, `guess ${attempt}`))).toBe("UNAUTHENTICATED");
    }
    const throttled = await signInForwarded(server, guesser, owner.email, owner.password);
    expect(throttled.status).toBe(429);
    expect(codeOf(throttled)).toBe("RATE_LIMITED");
    expect(await sessionsOf(server, owner.email)).toBe(1);

    const ownerSignIn = await signInForwarded(server, "203.0.113.11", owner.email, owner.password);
    expect(ownerSignIn.errors).toBeUndefined();
    expect(ownerSignIn.data!.signIn.accessToken).toBeTruthy();
    expect(await sessionsOf(server, owner.email)).toBe(2);
  });

  it("counts a client under the address the proxy appended, not under those the client wrote into the header", async () => {
    const owner = await signUp(server);
    const client = "203.0.113.20";
    for (const claimed of ["198.51.100.1", "198.51.100.2"]) {
      expect(codeOf(await signInForwarded(server, `${claimed}, ${client}`, owner.email, `guess from ${claimed}`))).toBe("UNAUTHENTICATED");
    }
    const throttled = await signInForwarded(server, `198.51.100.3, ${client}`, owner.email, owner.password);
    expect(codeOf(throttled)).toBe("RATE_LIMITED");
    expect(await sessionsOf(server, owner.email)).toBe(1);
  });

  it("counts a socket's operations under the forwarded address its HTTP requests are counted under", async () => {
    const client = "203.0.113.30";
    for (let request = 0; request < 5; request++) {
      expect((await server.graphql(CATALOG, {}, { headers: forwardedFor(client) })).errors).toBeUndefined();
    }
    expect(codeOf(await server.graphql(CATALOG, {}, { headers: forwardedFor(client) }))).toBe("RATE_LIMITED");

    expect(codeOf(await runOverWebSocket(client, CATALOG))).toBe("RATE_LIMITED");
    const neighbour = await runOverWebSocket("203.0.113.31", CATALOG);
    expect(neighbour.errors).toBeUndefined();
    expect(neighbour.data).toEqual({ courses: { totalCount: expect.any(Number) } });
  });

  it("bounds open sockets per forwarded client (WEBSOCKET_CONNECTIONS_PER_ADDRESS), not per proxy", async () => {
    const client = forwardedFor("203.0.113.40");
    const opened = [await openSocket(server, client), await openSocket(server, client)];
    const third = await openSocket(server, client);
    const neighbour = await openSocket(server, forwardedFor("203.0.113.41"));
    try {
      expect(opened.map(({ outcome }) => outcome)).toEqual(["open", "open"]);
      expect(third.outcome).toBe(429);
      expect(neighbour.outcome).toBe("open");
    } finally {
      await closeAll([...opened, third, neighbour].map(({ socket }) => socket));
    }
  });
});

describe.each<{ trust: string; env: Record<string, string> }>([
  { trust: "unset", env: {} },
  { trust: "naming other proxies than the peer", env: { TRUST_PROXY: "10.0.0.0/8" } },
])("with TRUST_PROXY $trust, X-Forwarded-For is ignored", ({ env }) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ ...env, AUTH_IP_LIMIT_PER_MINUTE: "1000", SIGN_IN_FAILURES_PER_IP_PER_HOUR: "2", WEBSOCKET_CONNECTIONS_PER_ADDRESS: "1" });
  });
  afterAll(() => server.close());

  it("so a client cannot name a fresh address to get past the sign-in throttle", async () => {
    const owner = await signUp(server);
    for (const claimed of ["203.0.113.60", "203.0.113.61"]) {
      expect(codeOf(await signInForwarded(server, claimed, owner.email, `guess as ${claimed}`))).toBe("UNAUTHENTICATED");
    }
    const throttled = await signInForwarded(server, "203.0.113.62", owner.email, owner.password);
    expect(codeOf(throttled)).toBe("RATE_LIMITED");
    expect(await sessionsOf(server, owner.email)).toBe(1);
  });

  it("nor past the bound on open sockets", async () => {
    const first = await openSocket(server, forwardedFor("203.0.113.70"));
    const second = await openSocket(server, forwardedFor("203.0.113.71"));
    try {
      expect(first.outcome).toBe("open");
      expect(second.outcome).toBe(429);
    } finally {
      await closeAll([first.socket, second.socket]);
    }
  });
});
