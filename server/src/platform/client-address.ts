// The address of the client behind a request, for every throttle keyed by address. Without
// TRUST_PROXY it is the connection's; behind trusted reverse proxies it is the nearest address
// they forwarded in X-Forwarded-For that is not itself a trusted proxy, so a client can put
// whatever it likes in that header without choosing the address it is counted under.
import type { IncomingMessage } from "node:http";
import proxyAddr from "proxy-addr";

/** TRUST_PROXY: how many proxies stand in front of the server, or their addresses, ranges and proxy-addr's names. */
export type TrustProxy = number | string[];

/** Whether the hop `index` away from the server (0: the connection's peer), at `address`, may forward a client's address. */
export type TrustedHop = (address: string, index: number) => boolean;

export interface ClientAddresses {
  /** For Express's "trust proxy" setting, so req.ip, req.protocol and req.hostname agree with `of`. */
  trust: TrustedHop;
  /** The client's address for an HTTP request or a WebSocket upgrade request alike. */
  of(request: IncomingMessage): string;
}

export function clientAddresses(trustProxy: TrustProxy | undefined): ClientAddresses {
  const trust = trustedHop(trustProxy);
  // A request whose socket has already closed has no address left to read.
  return { trust, of: (request) => proxyAddr(request, trust) ?? "unknown" };
}

/** What Express makes of the same "trust proxy" value; throws a TypeError naming a malformed address. */
export function trustedHop(trustProxy: TrustProxy | undefined): TrustedHop {
  if (typeof trustProxy === "number") return (_address, index) => index < trustProxy;
  return proxyAddr.compile(trustProxy ?? []);
}
