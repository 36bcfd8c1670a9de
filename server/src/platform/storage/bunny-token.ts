import { createHash } from "node:crypto";
import { encodeObjectKeyForUrl } from "./object-key.ts";

/**
 * Bunny.net token authentication (the SHA-256 scheme of its "advanced" token auth, without the
 * optional IP, country and directory restrictions): the pull zone recomputes
 * sha256(securityKey + path + expires) and refuses the request when it differs or has expired,
 * so a URL only opens the one file it was made for, until `expires`.
 */
export function bunnyToken(securityKey: string, urlPath: string, expiresUnixSeconds: number): string {
  return createHash("sha256").update(`${securityKey}${urlPath}${expiresUnixSeconds}`).digest("base64url");
}

export interface BunnySignedUrlInput {
  /** The pull zone's base URL, e.g. https://course-videos.b-cdn.net, optionally with a path prefix. */
  cdnBaseUrl: string;
  securityKey: string;
  key: string;
  expiresUnixSeconds: number;
}

export function bunnySignedUrl({ cdnBaseUrl, securityKey, key, expiresUnixSeconds }: BunnySignedUrlInput): string {
  const base = new URL(cdnBaseUrl);
  const urlPath = `${base.pathname.replace(/\/+$/, "")}/${encodeObjectKeyForUrl(key)}`;
  const token = bunnyToken(securityKey, urlPath, expiresUnixSeconds);
  return `${base.origin}${urlPath}?token=${token}&expires=${expiresUnixSeconds}`;
}
