// The server-side request forgery rules, built with the production flag and without: in
// production only https URLs to public addresses, checked on the URL when saved and on every
// address the host resolves to before each attempt, the attempt connecting to those addresses
// only; in development and tests anything http(s). No test sends anything past loopback.
import { createServer as createTlsServer } from "node:tls";
import type { AddressInfo } from "node:net";
import { Agent } from "undici";
import { startReceiver } from "./integrations.fixtures.ts";
import { checkedLookup, endpointUrlProblem, isPublicAddress, lookupAnswering, type Resolve } from "./webhook-url.ts";

const production = { allowPrivateAddresses: false };
const development = { allowPrivateAddresses: true };

const NOT_PUBLIC = [
  "127.0.0.1",
  "127.1.2.3",
  "10.0.0.1",
  "172.16.5.4",
  "192.168.1.1",
  "169.254.169.254",
  "100.64.0.1",
  "0.0.0.0",
  "224.0.0.1",
  "255.255.255.255",
  "::1",
  "::",
  "fe80::1",
  "fc00::1",
  "fd12:3456::1",
  "ff02::1",
  "::ffff:127.0.0.1",
  "::ffff:7f00:1",
  "::ffff:10.0.0.1",
  "::ffff:169.254.169.254",
  "64:ff9b::a00:1",
  "2002:7f00:1::",
];
const PUBLIC = ["1.1.1.1", "93.184.216.34", "2606:4700:4700::1111", "::ffff:1.1.1.1"];

describe("addresses", () => {
  it.each(NOT_PUBLIC)("%s is not public", (address) => expect(isPublicAddress(address)).toBe(false));
  it.each(PUBLIC)("%s is public", (address) => expect(isPublicAddress(address)).toBe(true));
  it("a name is not an address", () => expect(isPublicAddress("example.com")).toBe(false));
});

describe("URLs when an endpoint is saved", () => {
  const literals = NOT_PUBLIC.map((address) => `https://${address.includes(":") ? `[${address}]` : address}/hooks`);

  it.each(literals)("refuses %s in production, allows it in development", (url) => {
    expect(endpointUrlProblem(url, production)).toMatch(/private, loopback or link-local/);
    expect(endpointUrlProblem(url, development)).toBeUndefined();
  });

  it("refuses plain http, localhost and single-label hosts in production only", () => {
    for (const url of ["http://example.com/hooks", "https://localhost/hooks", "https://api.localhost/hooks", "https://intranet/hooks"]) {
      expect(endpointUrlProblem(url, production)).toBeDefined();
      expect(endpointUrlProblem(url, development)).toBeUndefined();
    }
  });

  it("refuses what is never a webhook URL, anywhere", () => {
    for (const url of ["ftp://example.com/x", "file:///etc/passwd", "javascript:alert(1)", "https://user:secret@example.com/", "https://example.com/#part", "/relative"]) {
      expect(endpointUrlProblem(url, production)).toBeDefined();
      expect(endpointUrlProblem(url, development)).toBeDefined();
    }
  });

  it("allows https to a public name or address in production", () => {
    for (const url of ["https://hooks.example.com/lms?x=1", "https://1.1.1.1/hooks", "https://[2606:4700:4700::1111]:8443/hooks"]) {
      expect(endpointUrlProblem(url, production)).toBeUndefined();
    }
  });
});

describe("addresses before each attempt", () => {
  it("refuses, in production, a name that resolves to loopback (both its IPv4 and IPv6 addresses are looked at)", async () => {
    await expect(checkedLookup(new URL("https://localhost:8443/hooks"), production)).rejects.toThrow(/not public/);
    await expect(checkedLookup(new URL("https://localhost:8443/hooks"), development)).resolves.toBeUndefined();
  });

  it("refuses, in production, literal addresses that are not public, mapped IPv6 included, and lets public ones through", async () => {
    await expect(checkedLookup(new URL("https://[::ffff:127.0.0.1]/"), production)).rejects.toThrow(/not public/);
    await expect(checkedLookup(new URL("https://169.254.169.254/latest/meta-data"), production)).rejects.toThrow(/not public/);
    await expect(checkedLookup(new URL("https://1.1.1.1/"), production)).resolves.toBeInstanceOf(Function);
  });

  it("refuses a name when any of its addresses is not public", async () => {
    const resolve: Resolve = async () => ["93.184.216.34", "10.0.0.1"];
    await expect(checkedLookup(new URL("https://hooks.example.test/"), production, resolve)).rejects.toThrow(/not public \(10\.0\.0\.1\)/);
  });
});

describe("the connection goes to the checked addresses (DNS rebinding)", () => {
  const PUBLIC_ADDRESS = "93.184.216.34";

  it("resolves once, and the agent connects to the checked answer although the name now resolves to loopback", async () => {
    const answers = [[PUBLIC_ADDRESS], ["127.0.0.1"]];
    const resolve = jest.fn<Promise<string[]>, [string]>(async () => answers.shift() ?? []);
    const lookup = await checkedLookup(new URL("https://rebinding.example.test/hooks"), production, resolve);
    // The agent built as a delivery builds it, the lookup watched: it answers, and the socket is
    // stopped there, so nothing is sent to the public address.
    const connectedTo: unknown[] = [];
    const agent = new Agent({
      connect: {
        lookup: (hostname, options, callback) =>
          lookup!(hostname, options, (error, address) => {
            connectedTo.push({ hostname, error, address });
            callback(new Error("stopped by the test before connecting"), "");
          }),
      },
    });
    try {
      await expect(fetch("https://rebinding.example.test/hooks", { method: "POST", body: "{}", dispatcher: agent })).rejects.toThrow();
    } finally {
      await agent.destroy();
    }
    expect(resolve).toHaveBeenCalledTimes(1);
    expect(connectedTo).toEqual([{ hostname: "rebinding.example.test", error: null, address: [{ address: PUBLIC_ADDRESS, family: 4 }] }]);
  });

  it("answers a lookup for one address, or of one family, from the checked ones only", () => {
    const asked = (addresses: string[], options: { all?: boolean; family?: number }) => {
      let answer: unknown;
      lookupAnswering(addresses)("any.example.test", options, (error, address, family) => (answer = error ? error.code : { address, family }));
      return answer;
    };
    const both = [PUBLIC_ADDRESS, "2606:4700:4700::1111"];
    expect(asked(both, {})).toEqual({ address: PUBLIC_ADDRESS, family: 4 });
    expect(asked(both, { family: 6 })).toEqual({ address: "2606:4700:4700::1111", family: 6 });
    expect(asked(both, { all: true })).toEqual({ address: [{ address: PUBLIC_ADDRESS, family: 4 }, { address: "2606:4700:4700::1111", family: 6 }] });
    expect(asked([PUBLIC_ADDRESS], { all: true, family: 6 })).toBe("ENOTFOUND");
  });

  it("keeps the host's name in the Host header, connecting to the pinned address", async () => {
    const receiver = await startReceiver();
    const port = new URL(receiver.url).port;
    const agent = new Agent({ connect: { lookup: lookupAnswering(["127.0.0.1"]) } });
    try {
      const response = await fetch(`http://pinned.example.test:${port}/hooks`, { method: "POST", body: "{}", dispatcher: agent });
      expect(response.status).toBe(200);
      await response.arrayBuffer();
    } finally {
      await agent.destroy();
      await receiver.close();
    }
    expect(receiver.requests.map((request) => request.headers.host)).toEqual([`pinned.example.test:${port}`]);
  });

  it("keeps the host's name in TLS (SNI), so the receiver's certificate for that name is the one asked for", async () => {
    const servernames: string[] = [];
    // No certificate at all: the server records the name the client asks for, then ends the handshake.
    const tlsServer = createTlsServer({
      SNICallback: (servername, callback) => {
        servernames.push(servername);
        callback(new Error("no certificate here"));
      },
    });
    await new Promise<void>((resolve) => tlsServer.listen(0, "127.0.0.1", resolve));
    const { port } = tlsServer.address() as AddressInfo;
    const agent = new Agent({ connect: { lookup: lookupAnswering(["127.0.0.1"]) } });
    try {
      await expect(fetch(`https://pinned.example.test:${port}/hooks`, { method: "POST", body: "{}", dispatcher: agent })).rejects.toThrow();
    } finally {
      await agent.destroy();
      await new Promise<void>((resolve) => tlsServer.close(() => resolve()));
    }
    expect(servernames).toEqual(["pinned.example.test"]);
  });
});
