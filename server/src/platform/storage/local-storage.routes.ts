import { createReadStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { pipeline } from "node:stream/promises";
import { Router, type NextFunction, type Request, type Response } from "express";
import { parseByteRange } from "./byte-range.ts";
import { LOCAL_PLAY_ROUTE, LOCAL_UPLOAD_ROUTE, type LocalStorage } from "./local-storage.ts";
import type { SignedLocalRequest } from "./local-url-signature.ts";
import { isMissing } from "./missing-file.ts";
import { isSignedPlaylist, signPlaylistReferences } from "./playlist-signing.ts";
import { StorageError, type StorageErrorCode } from "./storage-error.ts";
import { attachmentDisposition } from "./attachment-disposition.ts";

const STATUS_BY_ERROR_CODE: Record<StorageErrorCode, number> = {
  INVALID_KEY: 400,
  NO_SUCH_KEY: 404,
  NO_SUCH_UPLOAD: 404,
  INVALID_PART: 400,
  INVALID_PART_ORDER: 400,
  PART_TOO_SMALL: 400,
  CONTENT_LENGTH_MISMATCH: 400,
  ENTITY_TOO_LARGE: 413,
  UPLOAD_CLOSED: 409,
};

type SignedPut = Extract<SignedLocalRequest, { method: "PUT" }>;

/**
 * How long the rest of a refused body is read and discarded. A client still sending when the answer
 * goes out would otherwise meet a closed connection, and a reset can lose the answer on its way.
 */
const DISCARD_REFUSED_BODY_MS = 10_000;

/**
 * The HTTP side of the local storage driver: browsers PUT uploads and parts to the signed URLs
 * that LocalStorage hands out and play videos from its signed playback URLs. Mount at the root.
 */
export function localStorageRouter(storage: LocalStorage): Router {
  const router = Router();
  router.use([LOCAL_UPLOAD_ROUTE, LOCAL_PLAY_ROUTE], allowCrossOrigin);
  router.put(`${LOCAL_UPLOAD_ROUTE}/*key`, (req, res, next) => receiveUpload(storage, req, res, next));
  router.get(`${LOCAL_PLAY_ROUTE}/*key`, (req, res, next) => servePlayback(storage, req, res, next));
  router.use([LOCAL_UPLOAD_ROUTE, LOCAL_PLAY_ROUTE], answerUnexpected);
  return router;
}

// "*" is safe here: these URLs are authorized by their signature alone, never by cookies.
function allowCrossOrigin(req: Request, res: Response, next: NextFunction): void {
  res.setHeader("Access-Control-Allow-Origin", "*");
  res.setHeader("Access-Control-Expose-Headers", "ETag, Content-Length, Content-Range, Accept-Ranges");
  if (req.method !== "OPTIONS") {
    next();
    return;
  }
  res.setHeader("Access-Control-Allow-Methods", "GET, HEAD, PUT, OPTIONS");
  res.setHeader("Access-Control-Allow-Headers", req.get("Access-Control-Request-Headers") ?? "Content-Type, Range");
  res.setHeader("Access-Control-Max-Age", "600");
  res.setHeader("Vary", "Access-Control-Request-Headers");
  res.status(204).end();
}

async function receiveUpload(storage: LocalStorage, req: Request, res: Response, next: NextFunction): Promise<void> {
  const key = keyOf(req);
  const query = stringParams(req);
  const expires = Number(query.expires);
  const contentLength = Number(query.contentLength);
  const request: SignedPut =
    query.uploadId === undefined
      ? { method: "PUT", key, expires, contentType: query.contentType ?? "", contentLength }
      : { method: "PUT", key, expires, uploadId: query.uploadId, partNumber: Number(query.partNumber), contentLength };
  if (!isAuthorized(storage, request, query.signature, req, res)) return;

  const declaredLength = req.get("Content-Length");
  if (declaredLength !== undefined && Number(declaredLength) > contentLength) {
    refuseBody(req, res, 413, `the body may not exceed the signed length, ${contentLength} bytes`);
    return;
  }
  if (declaredLength !== undefined && Number(declaredLength) !== contentLength) {
    refuseBody(req, res, 400, `Content-Length must be the signed length, ${contentLength}`);
    return;
  }

  try {
    const etag =
      "uploadId" in request
        ? await storage.receivePart(key, request.uploadId, request.partNumber, req, contentLength)
        : await storage.receiveObject(key, req, request.contentType, contentLength);
    res.setHeader("ETag", etag);
    res.status(200).end();
  } catch (error) {
    // Nobody is left to answer when the client went away midway.
    if (res.socket?.destroyed !== false) return;
    if (error instanceof StorageError) refuseBody(req, res, STATUS_BY_ERROR_CODE[error.code], error.message);
    else next(error);
  }
}

async function servePlayback(storage: LocalStorage, req: Request, res: Response, next: NextFunction): Promise<void> {
  const key = keyOf(req);
  const query = stringParams(req);
  const download = query.download;
  const signed: SignedLocalRequest = { method: "GET", key, expires: Number(query.expires), ...(download === undefined ? {} : { download }) };
  if (!isAuthorized(storage, signed, query.signature, req, res)) return;

  try {
    const file = await storage.openForReading(key);
    if (!file) {
      res.status(404).json({ error: "no such file" });
      return;
    }
    if (isSignedPlaylist(key)) {
      const expires = Number(query.expires);
      const text = await readFile(file.filePath, "utf8");
      res.setHeader("Content-Type", file.contentType);
      // Its URLs are signed for whoever holds this one: no shared cache may keep it.
      res.setHeader("Cache-Control", "private, no-store");
      res.status(200).send(signPlaylistReferences(key, text, (referenced) => storage.playbackUrlUntil(referenced, expires)));
      return;
    }
    if (download !== undefined) res.setHeader("Content-Disposition", attachmentDisposition(download));
    const size = file.sizeBytes;
    const range = parseByteRange(req.get("Range"), size);
    res.setHeader("Accept-Ranges", "bytes");
    res.setHeader("Content-Type", file.contentType);
    if (range.kind === "unsatisfiable") {
      res.setHeader("Content-Range", `bytes */${size}`);
      res.status(416).json({ error: "range not satisfiable" });
      return;
    }
    const { start, end } = range.kind === "partial" ? range : { start: 0, end: size - 1 };
    if (range.kind === "partial") res.setHeader("Content-Range", `bytes ${start}-${end}/${size}`);
    res.setHeader("Content-Length", String(end - start + 1));
    res.status(range.kind === "partial" ? 206 : 200);
    if (req.method === "HEAD" || size === 0) {
      res.end();
      return;
    }
    await pipeline(createReadStream(file.filePath, { start, end }), res);
  } catch (error) {
    if (res.headersSent) {
      res.destroy();
    } else if (isMissing(error)) {
      res.removeHeader("Content-Range");
      res.status(404).json({ error: "no such file" });
    } else {
      answerError(res, next, error);
    }
  }
}

function isAuthorized(storage: LocalStorage, request: SignedLocalRequest, signature: string | undefined, req: Request, res: Response): boolean {
  const check = storage.checkSignature(request, signature ?? "");
  if (check === "valid") return true;
  refuseBody(req, res, 403, check === "expired" ? "this URL has expired" : "invalid signature");
  return false;
}

/** Answers a request whose body may not have been read (all of it): what is left is discarded. */
function refuseBody(req: Request, res: Response, status: number, message: string): void {
  res.status(status).json({ error: message });
  if (req.complete) return;
  // Past the deadline the connection is cut; by then the client has long had the answer.
  const cutOff = setTimeout(() => req.destroy(), DISCARD_REFUSED_BODY_MS);
  cutOff.unref();
  req.once("close", () => clearTimeout(cutOff));
  req.unpipe();
  req.resume();
}

/** Anything these routes did not answer themselves (a malformed URL, a crash): a short JSON error, never a stack. */
function answerUnexpected(error: unknown, req: Request, res: Response, next: NextFunction): void {
  if (res.headersSent) {
    next(error);
    return;
  }
  const status = httpStatusOf(error);
  if (status >= 500) req.log?.error({ err: error }, "media route failed");
  refuseBody(req, res, status, status >= 500 ? "internal error" : "malformed request");
}

function httpStatusOf(error: unknown): number {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === "number" && status >= 400 && status < 600 ? status : 500;
}

function answerError(res: Response, next: NextFunction, error: unknown): void {
  if (error instanceof StorageError) {
    res.status(STATUS_BY_ERROR_CODE[error.code]).json({ error: error.message });
  } else {
    next(error);
  }
}

function keyOf(req: Request): string {
  const segments: unknown = req.params.key;
  return Array.isArray(segments) ? segments.join("/") : String(segments);
}

function stringParams(req: Request): Record<string, string | undefined> {
  const params: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.query)) {
    if (typeof value === "string") params[name] = value;
  }
  return params;
}
