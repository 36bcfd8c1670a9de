import { randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { assertAscendingParts, MIN_PART_BYTES, quoteEtag } from "./multipart-rules.ts";
import type { CompletedPart, UploadedPart } from "./storage.ts";
import { isMissing, nullWhenMissing } from "./missing-file.ts";
import { StorageError } from "./storage-error.ts";

export interface LocalUpload {
  key: string;
  contentType: string;
}

const UPLOAD_ID = /^[0-9a-f]{32}$/;
const PART_FILE = /^(\d+)\.([0-9a-f]{32})\.part$/;

export function isLocalUploadId(uploadId: string): boolean {
  return UPLOAD_ID.test(uploadId);
}

/**
 * Unfinished multipart uploads of the local driver: <uploadsDir>/<uploadId>/upload.json names the
 * key and content type; each part is a file "<partNumber>.<md5>.part", so listing the folder
 * gives every part's ETag without reading the parts.
 */
export class LocalMultipartUploads {
  private readonly partRenames = new Map<string, Promise<void>>();

  constructor(private readonly uploadsDir: string) {}

  async create(upload: LocalUpload): Promise<string> {
    const uploadId = randomBytes(16).toString("hex");
    await mkdir(this.uploadDir(uploadId), { recursive: true });
    await writeFile(this.manifestPath(uploadId), JSON.stringify(upload));
    return uploadId;
  }

  /** Fails with NO_SUCH_UPLOAD unless `uploadId` is an unfinished upload of `key`. */
  async read(key: string, uploadId: string): Promise<LocalUpload> {
    const manifest = isLocalUploadId(uploadId)
      ? await readFile(this.manifestPath(uploadId), "utf8").catch(nullWhenMissing)
      : null;
    const upload = manifest ? (JSON.parse(manifest) as LocalUpload) : null;
    if (upload?.key !== key) throw new StorageError("NO_SUCH_UPLOAD", `no multipart upload ${uploadId} for ${key}`);
    return upload;
  }

  /** Moves a received file in as part `partNumber`, replacing any earlier upload of that part. Returns its ETag. */
  async addPart(key: string, uploadId: string, partNumber: number, receivedPath: string, md5Hex: string): Promise<string> {
    await this.read(key, uploadId);
    // Serialized per upload so that two PUTs of one part cannot delete each other's file.
    const previous = this.partRenames.get(uploadId) ?? Promise.resolve();
    const replaced = previous.then(() => this.replacePart(uploadId, partNumber, receivedPath, md5Hex));
    const settled = replaced.catch(() => undefined);
    this.partRenames.set(uploadId, settled);
    void settled.then(() => this.partRenames.get(uploadId) === settled && this.partRenames.delete(uploadId));
    await replaced;
    return quoteEtag(md5Hex);
  }

  async listParts(key: string, uploadId: string): Promise<UploadedPart[]> {
    await this.read(key, uploadId);
    return this.parts(uploadId);
  }

  /** Checks `parts` the way S3 does on completion and returns their files in order. */
  async partFiles(key: string, uploadId: string, parts: CompletedPart[]): Promise<string[]> {
    await this.read(key, uploadId);
    assertAscendingParts(parts);
    const uploaded = new Map((await this.parts(uploadId)).map((part) => [part.partNumber, part]));
    return parts.map((part, index) => {
      const found = uploaded.get(part.partNumber);
      if (!found || found.etag !== quoteEtag(part.etag)) {
        throw new StorageError("INVALID_PART", `part ${part.partNumber} was not uploaded or its ETag differs`);
      }
      if (index < parts.length - 1 && found.sizeBytes < MIN_PART_BYTES) {
        throw new StorageError("PART_TOO_SMALL", `part ${part.partNumber} is smaller than ${MIN_PART_BYTES} bytes`);
      }
      return this.partPath(uploadId, part.partNumber, found.etag);
    });
  }

  async remove(key: string, uploadId: string): Promise<void> {
    await this.read(key, uploadId);
    await rm(this.uploadDir(uploadId), { recursive: true, force: true });
  }

  private async replacePart(uploadId: string, partNumber: number, receivedPath: string, md5Hex: string): Promise<void> {
    try {
      await rename(receivedPath, this.partPath(uploadId, partNumber, md5Hex));
    } catch (error) {
      await rm(receivedPath, { force: true });
      if (isMissing(error)) throw new StorageError("NO_SUCH_UPLOAD", `multipart upload ${uploadId} was aborted`);
      throw error;
    }
    const etag = quoteEtag(md5Hex);
    const stale = (await this.parts(uploadId)).filter((part) => part.partNumber === partNumber && part.etag !== etag);
    await Promise.all(stale.map((part) => rm(this.partPath(uploadId, partNumber, part.etag), { force: true })));
  }

  private async parts(uploadId: string): Promise<UploadedPart[]> {
    const parts: UploadedPart[] = [];
    const names = await readdir(this.uploadDir(uploadId)).catch(nullWhenMissing);
    for (const name of names ?? []) {
      const match = PART_FILE.exec(name);
      if (!match) continue;
      const [, partNumber = "", md5Hex = ""] = match;
      const stats = await stat(path.join(this.uploadDir(uploadId), name)).catch(nullWhenMissing);
      if (stats) parts.push({ partNumber: Number(partNumber), etag: quoteEtag(md5Hex), sizeBytes: stats.size });
    }
    return parts.sort((a, b) => a.partNumber - b.partNumber);
  }

  private uploadDir(uploadId: string): string {
    return path.join(this.uploadsDir, uploadId);
  }

  private manifestPath(uploadId: string): string {
    return path.join(this.uploadDir(uploadId), "upload.json");
  }

  private partPath(uploadId: string, partNumber: number, etag: string): string {
    return path.join(this.uploadDir(uploadId), `${partNumber}.${etag.replace(/"/g, "")}.part`);
  }
}
