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

export interface BunnyFolderSignedUrlInput extends BunnySignedUrlInput {
  /** A prefix of `key` ending in "/": the token opens every file under it. */
  folder: string;
}

/**
 * A directory token (Bunny's `token_path`), carried in the URL's path rather than its query: the
 * relative URLs of an HLS playlist or a WebVTT track resolve beside it and carry it along, so its
 * segments and images open as long as the token lasts. The pull zone hashes the signed path, the
 * expiry and the sorted extra parameters (here token_path alone).
 */
export function bunnyFolderSignedUrl({ cdnBaseUrl, securityKey, key, folder, expiresUnixSeconds }: BunnyFolderSignedUrlInput): string {
  if (!folder.endsWith("/") || !key.startsWith(folder)) throw new Error(`${folder} is not a folder of ${key}`);
  const base = new URL(cdnBaseUrl);
  const basePath = base.pathname.replace(/\/+$/, "");
  const tokenPath = `${basePath}/${encodeObjectKeyForUrl(folder.slice(0, -1))}/`;
  const token = createHash("sha256").update(`${securityKey}${tokenPath}${expiresUnixSeconds}token_path=${tokenPath}`).digest("base64url");
  const tokenSegment = `bcdn_token=${token}&expires=${expiresUnixSeconds}&token_path=${encodeURIComponent(tokenPath)}`;
  return `${base.origin}/${tokenSegment}${basePath}/${encodeObjectKeyForUrl(key)}`;
}
