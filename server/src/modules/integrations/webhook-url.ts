// Where an endpoint may point: no server-side request forgery. In production only https URLs,
// and only hosts whose every address is public unicast (not loopback, private, link-local,
// unique-local, carrier-grade NAT, multicast, unspecified, reserved, nor an IPv6 form carrying an
// IPv4 address: mapped, NAT64, 6to4, Teredo). Checked on the URL when an endpoint is saved, and
// again on the addresses its host resolves to right before each attempt, and the attempt connects
// to those addresses only (redirects are never followed). In development and tests a receiver on
// the same machine is allowed.
import { lookup } from "node:dns/promises";
import { isIP, type LookupFunction } from "node:net";
import ipaddr from "ipaddr.js";

export const MAX_URL_LENGTH = 2000;

export interface AddressRules {
  /** Whether plain http and non-public addresses are allowed (config.webhooks.allowPrivateAddresses). */
  allowPrivateAddresses: boolean;
}

/** Whether an IP address (v4 or v6, an IPv4-mapped one read as its IPv4) is public unicast. */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === "unicast";
}

/** The host of a URL as an IP literal (brackets of IPv6 removed), or null for a name. */
function ipLiteralOf(hostname: string): string | null {
  const bare = hostname.startsWith("[") && hostname.endsWith("]") ? hostname.slice(1, -1) : hostname;
  return ipaddr.isValid(bare) ? bare : null;
}

/** What is wrong with an endpoint URL, as a person can read it; undefined when it may be saved. */
export function endpointUrlProblem(text: string, rules: AddressRules): string | undefined {
  if (text.length > MAX_URL_LENGTH) return `must be at most ${MAX_URL_LENGTH} characters`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return "must be an absolute URL";
  }
  const schemes = rules.allowPrivateAddresses ? ["https:", "http:"] : ["https:"];
  if (!schemes.includes(url.protocol)) return rules.allowPrivateAddresses ? "must be an http or https URL" : "must be an https URL";
  if (url.username || url.password) return "must not carry a user name or password";
  if (url.hash) return "must not have a fragment";
  if (rules.allowPrivateAddresses) return undefined;
  const literal = ipLiteralOf(url.hostname);
  if (literal) return isPublicAddress(literal) ? undefined : "must not point to a private, loopback or link-local address";
  const host = url.hostname.toLowerCase().replace(/\.$/, "");
  if (host === "localhost" || host.endsWith(".localhost") || !host.includes(".")) return "must name a public host";
  return undefined;
}

export class RefusedAddressError extends Error {}

/** Every address a host name resolves to. */
export type Resolve = (hostname: string) => Promise<string[]>;

const resolveHost: Resolve = async (hostname) => (await lookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address);

/**
 * Before each attempt: the host's addresses resolved once, all of them, refused when any is not
 * public (a name may resolve to a public and a private address, and either may be used), and a
 * lookup for the connection that answers only those. Resolving again to connect would let a
 * hostile DNS server answer a public address to the check and loopback to the connection (DNS
 * rebinding). Undefined when private addresses are allowed: the connection resolves as usual.
 */
export async function checkedLookup(url: URL, rules: AddressRules, resolve: Resolve = resolveHost): Promise<LookupFunction | undefined> {
  if (rules.allowPrivateAddresses) return undefined;
  const literal = ipLiteralOf(url.hostname);
  const addresses = literal ? [literal] : await resolve(url.hostname);
  const refused = addresses.filter((address) => !isPublicAddress(address));
  if (addresses.length === 0 || refused.length > 0) {
    throw new RefusedAddressError(`${url.hostname} resolves to an address that is not public (${refused.join(", ") || "none"})`);
  }
  return lookupAnswering(addresses);
}

/**
 * A lookup, for net.connect, that answers `addresses` whatever name it is asked: the socket
 * connects to them while TLS (its SNI, so the certificate) and the Host header keep the name.
 */
export function lookupAnswering(addresses: string[]): LookupFunction {
  const entries = addresses.map((address) => ({ address, family: isIP(address) }));
  return (hostname, options, callback) => {
    const wanted = entries.filter((entry) => !options.family || entry.family === options.family);
    if (wanted.length === 0) return callback(Object.assign(new Error(`no checked address of ${hostname} in that family`), { code: "ENOTFOUND" }), "");
    // net asks for every address when it races IPv4 against IPv6 (autoSelectFamily), else for one.
    if (options.all) callback(null, wanted);
    else callback(null, wanted[0].address, wanted[0].family);
  };
}
