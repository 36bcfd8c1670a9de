// The server-side request forgery rules, built with the production flag and without: in
// production only https URLs to public addresses, checked on the URL when saved and on every
// address the host resolves to before each attempt; in development and tests anything http(s).
import { checkResolvedAddresses, endpointUrlProblem, isPublicAddress } from "./webhook-url.ts";

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
    await expect(checkResolvedAddresses(new URL("https://localhost:8443/hooks"), production)).rejects.toThrow(/not public/);
    await expect(checkResolvedAddresses(new URL("https://localhost:8443/hooks"), development)).resolves.toBeUndefined();
  });

  it("refuses, in production, literal addresses that are not public, mapped IPv6 included, and lets public ones through", async () => {
    await expect(checkResolvedAddresses(new URL("https://[::ffff:127.0.0.1]/"), production)).rejects.toThrow(/not public/);
    await expect(checkResolvedAddresses(new URL("https://169.254.169.254/latest/meta-data"), production)).rejects.toThrow(/not public/);
    await expect(checkResolvedAddresses(new URL("https://1.1.1.1/"), production)).resolves.toBeUndefined();
  });
});
