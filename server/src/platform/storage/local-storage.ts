import { randomBytes } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { copyFile, mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { isLocalUploadId, LocalMultipartUploads } from "./local-multipart-uploads.ts";
import { checkLocalSignature, signLocalRequest, type SignatureCheck, type SignedLocalRequest } from "./local-url-signature.ts";
import { nullWhenMissing } from "./missing-file.ts";
import { assertValidPartNumber, MAX_PART_BYTES, quoteEtag } from "./multipart-rules.ts";
import { assertValidKeyPrefix, assertValidObjectKey, encodeObjectKeyForUrl } from "./object-key.ts";
import type {
  CompletedPart,
  ListedObject,
  ObjectStorage,
  PlaybackUrl,
  PresignedPut,
  PresignPartOptions,
  PresignPutOptions,
  StoredObjectInfo,
  UploadCheck,
  UploadedPart,
} from "./storage.ts";
import { StorageError } from "./storage-error.ts";
import { streamToFile } from "./stream-to-file.ts";

export interface LocalStorageOptions {
  /** Folder holding the files, created when first needed. Default: .data/media (from the working directory). */
  rootDir?: string;
  /** This API's origin as browsers reach it, e.g. http://localhost:4000; upload and playback URLs start with it. */
  publicBaseUrl: string;
  /** HMAC-SHA256 key for upload and playback URLs; at least 32 characters. */
  signingKey: string;
  /** Milliseconds since the epoch; tests move it to expire URLs. */
  now?: () => number;
}

export interface LocalFile {
  filePath: string;
  sizeBytes: number;
  contentType: string;
}

/** Served by local-storage.routes.ts. */
export const LOCAL_UPLOAD_ROUTE = "/media/upload";
export const LOCAL_PLAY_ROUTE = "/media/play";

const DEFAULT_ROOT_DIR = ".data/media";
const MIN_SIGNING_KEY_LENGTH = 32;
const FALLBACK_CONTENT_TYPE = "application/octet-stream";
const LISTING_PAGE_SIZE = 1000;

/**
 * Objects are files under <root>/objects/<key> with their content type in <root>/meta/<key>.json.
 * Bytes being received go to <root>/tmp/ and are renamed into place once complete, so a reader
 * never sees a half-written object. Multipart uploads wait in <root>/uploads/.
 */
export class LocalStorage implements ObjectStorage {
  readonly rootDir: string;
  private readonly publicBaseUrl: string;
  private readonly signingKey: string;
  private readonly now: () => number;
  private readonly uploads: LocalMultipartUploads;
  /** By key prefix; with none registered every upload is open. */
  private readonly uploadChecks = new Map<string, UploadCheck>();

  constructor(options: LocalStorageOptions) {
    if (options.signingKey.length < MIN_SIGNING_KEY_LENGTH) {
      throw new Error(`local storage signingKey must be at least ${MIN_SIGNING_KEY_LENGTH} characters`);
    }
    this.rootDir = path.resolve(options.rootDir ?? DEFAULT_ROOT_DIR);
    this.publicBaseUrl = new URL(options.publicBaseUrl).href.replace(/\/+$/, "");
    this.signingKey = options.signingKey;
    this.now = options.now ?? Date.now;
    this.uploads = new LocalMultipartUploads(path.join(this.rootDir, "uploads"));
  }

  async presignPut(key: string, { contentType, contentLength, expiresInSeconds }: PresignPutOptions): Promise<PresignedPut> {
    assertValidObjectKey(key);
    assertValidLength(contentLength, Number.MAX_SAFE_INTEGER);
    const expires = this.expiry(expiresInSeconds);
    const url = this.signedUrl(LOCAL_UPLOAD_ROUTE, { method: "PUT", key, expires, contentType, contentLength }, {
      contentType,
      contentLength: String(contentLength),
    });
    return { url, headers: { "Content-Type": contentType } };
  }

  async createMultipartUpload(key: string, contentType: string): Promise<string> {
    assertValidObjectKey(key);
    return this.uploads.create({ key, contentType });
  }

  async presignPart(key: string, uploadId: string, partNumber: number, { contentLength, expiresInSeconds }: PresignPartOptions): Promise<string> {
    assertValidObjectKey(key);
    assertValidPartNumber(partNumber);
    assertValidLength(contentLength, MAX_PART_BYTES);
    if (!isLocalUploadId(uploadId)) throw new StorageError("NO_SUCH_UPLOAD", `no multipart upload ${uploadId}`);
    const expires = this.expiry(expiresInSeconds);
    return this.signedUrl(LOCAL_UPLOAD_ROUTE, { method: "PUT", key, expires, uploadId, partNumber, contentLength }, {
      uploadId,
      partNumber: String(partNumber),
      contentLength: String(contentLength),
    });
  }

  async completeMultipartUpload(key: string, uploadId: string, parts: CompletedPart[]): Promise<void> {
    assertValidObjectKey(key);
    const { contentType } = await this.uploads.read(key, uploadId);
    const partFiles = await this.uploads.partFiles(key, uploadId, parts);
    const tempPath = await this.newTempPath();
    try {
      // One pipeline for all the parts: one per part would pile listeners on the file (a 1 GB upload has 64 parts).
      async function* partsInOrder() {
        for (const partFile of partFiles) yield* createReadStream(partFile);
      }
      await pipeline(partsInOrder, createWriteStream(tempPath));
      await this.publish(tempPath, key, contentType);
    } catch (error) {
      await rm(tempPath, { force: true });
      throw error;
    }
    await this.uploads.remove(key, uploadId);
  }

  async abortMultipartUpload(key: string, uploadId: string): Promise<void> {
    assertValidObjectKey(key);
    await this.uploads.remove(key, uploadId);
  }

  async listParts(key: string, uploadId: string): Promise<UploadedPart[]> {
    assertValidObjectKey(key);
    return this.uploads.listParts(key, uploadId);
  }

  async head(key: string): Promise<StoredObjectInfo | null> {
    const file = await this.openForReading(key);
    return file && { sizeBytes: file.sizeBytes, contentType: file.contentType };
  }

  async downloadToFile(key: string, filePath: string): Promise<void> {
    const file = await this.openForReading(key);
    if (!file) throw new StorageError("NO_SUCH_KEY", `no object ${key}`);
    await copyFile(file.filePath, filePath);
  }

  async uploadFromFile(filePath: string, key: string, contentType: string): Promise<void> {
    assertValidObjectKey(key);
    const tempPath = await this.newTempPath();
    try {
      await copyFile(filePath, tempPath);
      await this.publish(tempPath, key, contentType);
    } catch (error) {
      await rm(tempPath, { force: true });
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    assertValidObjectKey(key);
    await rm(this.objectPath(key), { force: true });
    await rm(this.metaPath(key), { force: true });
  }

  async deletePrefix(prefix: string): Promise<void> {
    assertValidKeyPrefix(prefix);
    if (prefix.endsWith("/")) {
      const folder = prefix.slice(0, -1);
      await rm(this.treePath("objects", folder), { recursive: true, force: true });
      await rm(this.treePath("meta", folder), { recursive: true, force: true });
      return;
    }
    for (const key of await this.keysUnder(folderOf(prefix))) {
      if (key.startsWith(prefix)) await this.delete(key);
    }
  }

  async *listObjects(prefix: string): AsyncIterable<ListedObject[]> {
    assertValidKeyPrefix(prefix);
    const keys = (await this.keysUnder(folderOf(prefix))).filter((key) => key.startsWith(prefix));
    for (let index = 0; index < keys.length; index += LISTING_PAGE_SIZE) {
      const page: ListedObject[] = [];
      for (const key of keys.slice(index, index + LISTING_PAGE_SIZE)) {
        const stats = await stat(this.objectPath(key)).catch(nullWhenMissing);
        if (stats) page.push({ key, lastModified: stats.mtime });
      }
      yield page;
    }
  }

  refuseClosedUploads(prefix: string, isUploadOpen: UploadCheck): void {
    this.uploadChecks.set(prefix, isUploadOpen);
  }

  /** A file being received is written to all along, so only a receipt that stopped midway leaves an old one. */
  async removeAbandonedTemporaryFiles(untouchedSince: Date): Promise<number> {
    const names = (await readdir(this.tempDir).catch(nullWhenMissing)) ?? [];
    let removed = 0;
    for (const name of names) {
      const filePath = path.join(this.tempDir, name);
      const stats = await stat(filePath).catch(nullWhenMissing);
      if (stats && stats.mtime < untouchedSince) {
        await rm(filePath, { recursive: true, force: true });
        removed += 1;
      }
    }
    return removed;
  }

  async playbackUrl(key: string, expiresInSeconds: number): Promise<PlaybackUrl> {
    assertValidObjectKey(key);
    const expires = this.expiry(expiresInSeconds);
    return { url: this.signedUrl(LOCAL_PLAY_ROUTE, { method: "GET", key, expires }, {}), expiresAt: new Date(expires * 1000) };
  }

  async downloadUrl(key: string, fileName: string, expiresInSeconds: number): Promise<PlaybackUrl> {
    assertValidObjectKey(key);
    const expires = this.expiry(expiresInSeconds);
    const url = this.signedUrl(LOCAL_PLAY_ROUTE, { method: "GET", key, expires, download: fileName }, { download: fileName });
    return { url, expiresAt: new Date(expires * 1000) };
  }

  async readStart(key: string, byteCount: number): Promise<Buffer | null> {
    const file = await this.openForReading(key);
    if (!file) return null;
    const handle = await open(file.filePath, "r");
    try {
      const { buffer, bytesRead } = await handle.read(Buffer.alloc(byteCount), 0, byteCount, 0);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  }

  /** The playback route signs a playlist's references itself as it serves it (see playlist-signing.ts). */
  async streamingUrl(key: string, folder: string, expiresInSeconds: number): Promise<PlaybackUrl> {
    if (!key.startsWith(folder)) throw new Error(`${key} is not under ${folder}`);
    return this.playbackUrl(key, expiresInSeconds);
  }

  /** A playback URL that expires with the one it was found through. */
  playbackUrlUntil(key: string, expiresUnixSeconds: number): string {
    assertValidObjectKey(key);
    return this.signedUrl(LOCAL_PLAY_ROUTE, { method: "GET", key, expires: expiresUnixSeconds }, {});
  }

  checkSignature(request: SignedLocalRequest, signature: string): SignatureCheck {
    return checkLocalSignature(this.signingKey, request, signature, Math.floor(this.now() / 1000));
  }

  /** Stores an upload's body if it has exactly `contentLength` bytes and its upload is still open. Returns its ETag. */
  async receiveObject(key: string, body: Readable, contentType: string, contentLength: number): Promise<string> {
    assertValidObjectKey(key);
    await this.assertUploadOpen(key);
    const { tempPath, md5Hex } = await this.receive(key, body, contentLength);
    await this.publish(tempPath, key, contentType);
    return quoteEtag(md5Hex);
  }

  /** Stores one part of a multipart upload, as receiveObject does; a part sent again replaces the earlier one. Returns its ETag. */
  async receivePart(key: string, uploadId: string, partNumber: number, body: Readable, contentLength: number): Promise<string> {
    assertValidObjectKey(key);
    assertValidPartNumber(partNumber);
    await this.assertUploadOpen(key);
    await this.uploads.read(key, uploadId);
    const { tempPath, md5Hex } = await this.receive(key, body, contentLength);
    return this.uploads.addPart(key, uploadId, partNumber, tempPath, md5Hex);
  }

  async openForReading(key: string): Promise<LocalFile | null> {
    assertValidObjectKey(key);
    const filePath = this.objectPath(key);
    const stats = await stat(filePath).catch(nullWhenMissing);
    if (!stats?.isFile()) return null;
    const meta = await readFile(this.metaPath(key), "utf8").catch(nullWhenMissing);
    const contentType = meta ? (JSON.parse(meta) as { contentType: string }).contentType : FALLBACK_CONTENT_TYPE;
    return { filePath, sizeBytes: stats.size, contentType };
  }

  /**
   * Streams a body of exactly `contentLength` bytes to a temporary file. The upload must still be
   * open once they are in: one aborted, completed or deleted while they arrived keeps none of them.
   */
  private async receive(key: string, body: Readable, contentLength: number): Promise<{ tempPath: string; md5Hex: string }> {
    const tempPath = await this.newTempPath();
    const { bytes, md5Hex } = await streamToFile(body, tempPath, contentLength);
    try {
      if (bytes !== contentLength) {
        throw new StorageError("CONTENT_LENGTH_MISMATCH", `expected ${contentLength} bytes, received ${bytes}`);
      }
      await this.assertUploadOpen(key);
    } catch (error) {
      await rm(tempPath, { force: true });
      throw error;
    }
    return { tempPath, md5Hex };
  }

  private async isUploadOpen(key: string): Promise<boolean> {
    if (this.uploadChecks.size === 0) return true;
    const check = [...this.uploadChecks].find(([prefix]) => key.startsWith(prefix))?.[1];
    return check ? check(key) : false;
  }

  private async assertUploadOpen(key: string): Promise<void> {
    if (!(await this.isUploadOpen(key))) {
      throw new StorageError("UPLOAD_CLOSED", "this upload is no longer open (it was completed or aborted, or its video was deleted); start a new upload");
    }
  }

  private async publish(tempPath: string, key: string, contentType: string): Promise<void> {
    const objectPath = this.objectPath(key);
    const metaPath = this.metaPath(key);
    await mkdir(path.dirname(objectPath), { recursive: true });
    await mkdir(path.dirname(metaPath), { recursive: true });
    await writeFile(metaPath, JSON.stringify({ contentType }));
    await rename(tempPath, objectPath);
  }

  private async keysUnder(folder: string): Promise<string[]> {
    const objectsRoot = this.treePath("objects", "");
    const entries = await readdir(this.treePath("objects", folder), { recursive: true, withFileTypes: true }).catch(
      nullWhenMissing,
    );
    return (entries ?? [])
      .filter((entry) => entry.isFile())
      .map((entry) => path.relative(objectsRoot, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"));
  }

  private signedUrl(route: string, request: SignedLocalRequest, extraParams: Record<string, string>): string {
    const signature = signLocalRequest(this.signingKey, request);
    const query = new URLSearchParams({ ...extraParams, expires: String(request.expires), signature });
    return `${this.publicBaseUrl}${route}/${encodeObjectKeyForUrl(request.key)}?${query}`;
  }

  private expiry(expiresInSeconds: number): number {
    if (!Number.isInteger(expiresInSeconds) || expiresInSeconds <= 0) {
      throw new RangeError(`expiresInSeconds must be a positive integer, got ${expiresInSeconds}`);
    }
    return Math.floor(this.now() / 1000) + expiresInSeconds;
  }

  private get tempDir(): string {
    return path.join(this.rootDir, "tmp");
  }

  private async newTempPath(): Promise<string> {
    await mkdir(this.tempDir, { recursive: true });
    return path.join(this.tempDir, randomBytes(16).toString("hex"));
  }

  private treePath(tree: "objects" | "meta", keyOrFolder: string): string {
    return path.join(this.rootDir, tree, ...keyOrFolder.split("/"));
  }

  private objectPath(key: string): string {
    return this.treePath("objects", key);
  }

  private metaPath(key: string): string {
    return `${this.treePath("meta", key)}.json`;
  }
}

/** The folder part of a key or prefix: "videos/a/" of "videos/a/b", "" of "videos". */
function folderOf(keyOrPrefix: string): string {
  return keyOrPrefix.slice(0, keyOrPrefix.lastIndexOf("/") + 1);
}

function assertValidLength(contentLength: number, max: number): void {
  if (!Number.isSafeInteger(contentLength) || contentLength < 0 || contentLength > max) {
    throw new RangeError(`contentLength must be an integer from 0 to ${max}, got ${contentLength}`);
  }
}
