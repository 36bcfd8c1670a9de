// Security headers on every answer (helmet): no framing, no MIME sniffing, no referrer, and a
// Content-Security-Policy the built web client works under.
import type { RequestHandler } from "express";
import helmet, { type HelmetOptions } from "helmet";
import type { Config } from "./config.ts";

const API_PATH = /^\/graphql(\/|$)/;
const MEDIA_PATH = /^\/media(\/|$)/;

export function securityHeaders(config: Config): RequestHandler {
  const shared: HelmetOptions = { frameguard: { action: "deny" }, referrerPolicy: { policy: "no-referrer" } };
  const forPages = helmet({ ...shared, contentSecurityPolicy: { useDefaults: false, directives: webClientPolicy(config) } });
  // JSON needs no policy beyond framing; the landing page of /graphql (Apollo's Sandbox in
  // development) loads Apollo's scripts and frames, which the client's policy would refuse.
  const forApi = helmet({
    ...shared,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { defaultSrc: helmet.contentSecurityPolicy.dangerouslyDisableDefaultSrc, frameAncestors: ["'none'"] },
    },
  });
  // Signed file URLs: a page of another origin (the client under another host name) may play them.
  const forMedia = helmet({
    ...shared,
    contentSecurityPolicy: { useDefaults: false, directives: webClientPolicy(config) },
    crossOriginResourcePolicy: { policy: "cross-origin" },
  });
  return (request, response, next) =>
    (API_PATH.test(request.path) ? forApi : MEDIA_PATH.test(request.path) ? forMedia : forPages)(request, response, next);
}

/**
 * Vite's build loads scripts and styles from files only (React sets style props through the
 * CSSOM, which style-src does not govern). Videos, thumbnails and uploads go to the storage's
 * origins; a course's own thumbnail may be any http(s) image.
 */
function webClientPolicy(config: Config): Record<string, string[]> {
  const api = new URL(config.publicUrl);
  const isHttps = api.protocol === "https:";
  const socket = `${isHttps ? "wss:" : "ws:"}//${api.host}`;
  const files = [api.origin, ...storageOrigins(config)];
  return {
    defaultSrc: ["'self'"],
    baseUri: ["'self'"],
    objectSrc: ["'none'"],
    frameAncestors: ["'none'"],
    formAction: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    fontSrc: ["'self'", "data:"],
    // On an http deployment (a developer's machine) an http thumbnail is no mixed content.
    imgSrc: ["'self'", "data:", "blob:", ...files, "https:", ...(isHttps ? [] : ["http:"])],
    mediaSrc: ["'self'", "blob:", ...files],
    connectSrc: ["'self'", socket, ...files],
    ...(isHttps ? { upgradeInsecureRequests: [] } : {}),
  };
}

/** Where presigned S3 URLs and CDN URLs point: the endpoint, path-style or virtual-hosted, and the CDN. */
function storageOrigins(config: Config): string[] {
  const { storage } = config;
  if (storage.driver !== "s3") return [];
  const endpoint = new URL(storage.endpoint ?? `https://s3.${storage.region}.amazonaws.com`);
  const virtualHosted = `${endpoint.protocol}//${storage.bucket}.${endpoint.host}`;
  return [endpoint.origin, virtualHosted, ...(storage.cdn ? [new URL(storage.cdn.baseUrl).origin] : [])];
}
