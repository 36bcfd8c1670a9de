import { createReadStream, createWriteStream } from "node:fs";
import { stat } from "node:fs/promises";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { bunnyFolderSignedUrl, bunnySignedUrl } from "./bunny-token.ts";
import { assertAscendingParts, assertValidPartNumber, MIN_PART_BYTES, quoteEtag } from "./multipart-rules.ts";
import { assertValidKeyPrefix, assertValidObjectKey } from "./object-key.ts";
import { attachmentDisposition } from "./attachment-disposition.ts";
import type {
  CompletedPart,
  ListedObject,
  ObjectStorage,
  PlaybackUrl,
  PresignedPut,
  PresignPartOptions,
  PresignPutOptions,
  StoredObjectInfo,
  UploadedPart,
} from "./storage.ts";
import { StorageError, type StorageErrorCode } from "./storage-error.ts";

export interface S3StorageOptions {
  /** e.g. https://s3.us-west-004.backblazeb2.com, https://<account>.r2.cloudflarestorage.com; omit for AWS S3. */
  endpoint?: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Path-style URLs (https://host/bucket/key), needed by MinIO and most self-hosted stores. */
  forcePathStyle?: boolean;
  /** With cdnTokenKey: playback goes through this Bunny.net pull zone instead of presigned GETs. */
  cdnBaseUrl?: string;
  /** The pull zone's URL token authentication key. */
  cdnTokenKey?: string;
  /** Files larger than this are sent by uploadFromFile in parts of this size. Default 64 MiB. */
  uploadPartSizeBytes?: number;
  /** Milliseconds since the epoch, for CDN token expiry. */
  now?: () => number;
}

const DEFAULT_UPLOAD_PART_BYTES = 64 * 1024 * 1024;
const DELETE_CONCURRENCY = 8;
const ERROR_CODES: Record<string, StorageErrorCode> = {
  NoSuchKey: "NO_SUCH_KEY",
  NoSuchUpload: "NO_SUCH_UPLOAD",
  InvalidPart: "INVALID_PART",
  InvalidPartOrder: "INVALID_PART_ORDER",
  EntityTooSmall: "PART_TOO_SMALL",
};

/** Browsers and the media worker talk to the store directly through presigned URLs; this class only signs and manages. */
export class S3Storage implements ObjectStorage {
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly cdn: { baseUrl: string; tokenKey: string } | null;
  private readonly uploadPartSizeBytes: number;
  private readonly now: () => number;

  constructor(options: S3StorageOptions) {
    if (Boolean(options.cdnBaseUrl) !== Boolean(options.cdnTokenKey)) {
      throw new Error("cdnBaseUrl and cdnTokenKey must be given together");
    }
    this.client = new S3Client({
      endpoint: options.endpoint,
      region: options.region,
      forcePathStyle: options.forcePathStyle ?? false,
      credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
      // The SDK's default CRC32 checksums end up in presigned URLs as the checksum of an empty
      // body (so real uploads are refused) and are not supported by every S3-compatible store.
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
    });
    this.bucket = options.bucket;
    this.cdn = options.cdnBaseUrl && options.cdnTokenKey ? { baseUrl: options.cdnBaseUrl, tokenKey: options.cdnTokenKey } : null;
    this.uploadPartSizeBytes = options.uploadPartSizeBytes ?? DEFAULT_UPLOAD_PART_BYTES;
    this.now = options.now ?? Date.now;
  }

  async presignPut(key: string, { contentType, contentLength, expiresInSeconds }: PresignPutOptions): Promise<PresignedPut> {
    assertValidObjectKey(key);
    const command = new PutObjectCommand({ Bucket: this.bucket, Key: key, ContentType: contentType, ContentLength: contentLength });
    const url = await getSignedUrl(this.client, command, { expiresIn: expiresInSeconds });
    return { url, headers: { "Content-Type": contentType } };
  }

  async createMultipartUpload(key: string, contentType: string): Promise<string> {
    assertValidObjectKey(key);
    const command = new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: key, ContentType: contentType });
    const { UploadId } = await translateErrors(this.client.send(command));
    if (!UploadId) throw new Error(`the store returned no upload id for ${key}`);
    return UploadId;
  }

  async presignPart(key: string, uploadId: string, partNumber: number, { contentLength, expiresInSeconds }: PresignPartOptions): Promise<string> {
    assertValidObjectKey(key);
    assertValidPartNumber(partNumber);
    const command = new UploadPartCommand({
      Bucket: this.bucket,
      Key: key,
      UploadId: uploadId,
      PartNumber: partNumber,
      ContentLength: contentLength,
    });
    return getSignedUrl(this.client, command, { expiresIn: expiresInSeconds });
  }

  async completeMultipartUpload(key: string, uploadId: string, parts: CompletedPart[]): Promise<void> {
    assertValidObjectKey(key);
    assertAscendingParts(parts);
    const command = new CompleteMultipartUploadCommand({
      Bucket: this.bucket,
      Key: key,
      UploadId: uploadId,
      MultipartUpload: { Parts: parts.map((part) => ({ PartNumber: part.partNumber, ETag: quoteEtag(part.etag) })) },
    });
    await translateErrors(this.client.send(command));
  }

  async abortMultipartUpload(key: string, uploadId: string): Promise<void> {
    assertValidObjectKey(key);
    const command = new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId });
    await translateErrors(this.client.send(command));
  }

  async listParts(key: string, uploadId: string): Promise<UploadedPart[]> {
    assertValidObjectKey(key);
    const parts: UploadedPart[] = [];
    let marker: string | undefined;
    do {
      const command = new ListPartsCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId, PartNumberMarker: marker });
      const page = await translateErrors(this.client.send(command));
      for (const part of page.Parts ?? []) {
        parts.push({ partNumber: part.PartNumber ?? 0, etag: quoteEtag(part.ETag ?? ""), sizeBytes: part.Size ?? 0 });
      }
      marker = page.IsTruncated ? page.NextPartNumberMarker : undefined;
    } while (marker);
    return parts;
  }

  async head(key: string): Promise<StoredObjectInfo | null> {
    assertValidObjectKey(key);
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return { sizeBytes: head.ContentLength ?? 0, contentType: head.ContentType ?? "application/octet-stream" };
    } catch (error) {
      if (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404) return null;
      throw error;
    }
  }

  async downloadToFile(key: string, filePath: string): Promise<void> {
    assertValidObjectKey(key);
    const command = new GetObjectCommand({ Bucket: this.bucket, Key: key });
    const { Body } = await translateErrors(this.client.send(command));
    if (!(Body instanceof Readable)) throw new Error(`the store returned no readable body for ${key}`);
    await pipeline(Body, createWriteStream(filePath));
  }

  async uploadFromFile(filePath: string, key: string, contentType: string): Promise<void> {
    assertValidObjectKey(key);
    const { size } = await stat(filePath);
    if (size <= this.uploadPartSizeBytes) {
      const body = createReadStream(filePath);
      const command = new PutObjectCommand({ Bucket: this.bucket, Key: key, ContentType: contentType, ContentLength: size, Body: body });
      await translateErrors(this.client.send(command));
      return;
    }
    await this.uploadFileInParts(filePath, size, key, contentType);
  }

  async delete(key: string): Promise<void> {
    assertValidObjectKey(key);
    await translateErrors(this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key })));
  }

  /**
   * Deletes one object at a time rather than with DeleteObjects: that call needs a Content-MD5 or
   * checksum header that some S3-compatible stores and SDK versions disagree on, and a video's
   * prefix holds a handful of files.
   */
  async deletePrefix(prefix: string): Promise<void> {
    for await (const page of this.listObjects(prefix)) {
      const keys = page.map((object) => object.key);
      for (let index = 0; index < keys.length; index += DELETE_CONCURRENCY) {
        const batch = keys.slice(index, index + DELETE_CONCURRENCY);
        await Promise.all(batch.map((key) => this.delete(key)));
      }
    }
  }

  async *listObjects(prefix: string): AsyncIterable<ListedObject[]> {
    assertValidKeyPrefix(prefix);
    let continuationToken: string | undefined;
    do {
      const command = new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: continuationToken });
      const page = await translateErrors(this.client.send(command));
      yield (page.Contents ?? []).flatMap((object) =>
        object.Key ? [{ key: object.Key, lastModified: object.LastModified ?? new Date(0) }] : [],
      );
      continuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (continuationToken);
  }

  /** The store takes uploads straight from clients: a presigned URL cannot be withdrawn, only left to expire. */
  refuseClosedUploads(): void {}

  /** Parts of unfinished uploads are the store's: aborting them (or a lifecycle rule on the bucket) removes them. */
  async removeAbandonedTemporaryFiles(): Promise<number> {
    return 0;
  }

  async playbackUrl(key: string, expiresInSeconds: number): Promise<PlaybackUrl> {
    assertValidObjectKey(key);
    const expiresUnixSeconds = Math.floor(this.now() / 1000) + expiresInSeconds;
    const expiresAt = new Date(expiresUnixSeconds * 1000);
    if (this.cdn) {
      const url = bunnySignedUrl({ cdnBaseUrl: this.cdn.baseUrl, securityKey: this.cdn.tokenKey, key, expiresUnixSeconds });
      return { url, expiresAt };
    }
    const command = new GetObjectCommand({ Bucket: this.bucket, Key: key });
    return { url: await getSignedUrl(this.client, command, { expiresIn: expiresInSeconds }), expiresAt };
  }

  /** Always presigned by the store, past any CDN: the signature covers the Content-Disposition the store answers with. */
  async downloadUrl(key: string, fileName: string, expiresInSeconds: number): Promise<PlaybackUrl> {
    assertValidObjectKey(key);
    const expiresAt = new Date((Math.floor(this.now() / 1000) + expiresInSeconds) * 1000);
    const command = new GetObjectCommand({ Bucket: this.bucket, Key: key, ResponseContentDisposition: attachmentDisposition(fileName) });
    return { url: await getSignedUrl(this.client, command, { expiresIn: expiresInSeconds }), expiresAt };
  }

  async readStart(key: string, byteCount: number): Promise<Buffer | null> {
    assertValidObjectKey(key);
    try {
      const { Body } = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key, Range: `bytes=0-${byteCount - 1}` }));
      return Body ? Buffer.from(await Body.transformToByteArray()) : Buffer.alloc(0);
    } catch (error) {
      if (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404) return null;
      // An empty object has no byte 0 to start a range at.
      if (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 416) return Buffer.alloc(0);
      throw error;
    }
  }

  /** Presigned S3 URLs cover one object each, and a playlist's relative URLs would carry none: only through the CDN. */
  async streamingUrl(key: string, folder: string, expiresInSeconds: number): Promise<PlaybackUrl | null> {
    assertValidObjectKey(key);
    if (!this.cdn) return null;
    const expiresUnixSeconds = Math.floor(this.now() / 1000) + expiresInSeconds;
    const url = bunnyFolderSignedUrl({ cdnBaseUrl: this.cdn.baseUrl, securityKey: this.cdn.tokenKey, key, folder, expiresUnixSeconds });
    return { url, expiresAt: new Date(expiresUnixSeconds * 1000) };
  }

  private async uploadFileInParts(filePath: string, size: number, key: string, contentType: string): Promise<void> {
    if (this.uploadPartSizeBytes < MIN_PART_BYTES) {
      throw new RangeError(`uploadPartSizeBytes must be at least ${MIN_PART_BYTES} for files that need several parts`);
    }
    const uploadId = await this.createMultipartUpload(key, contentType);
    try {
      const parts: CompletedPart[] = [];
      for (let start = 0, partNumber = 1; start < size; start += this.uploadPartSizeBytes, partNumber += 1) {
        const end = Math.min(start + this.uploadPartSizeBytes, size);
        const command = new UploadPartCommand({
          Bucket: this.bucket,
          Key: key,
          UploadId: uploadId,
          PartNumber: partNumber,
          ContentLength: end - start,
          Body: createReadStream(filePath, { start, end: end - 1 }),
        });
        const { ETag } = await translateErrors(this.client.send(command));
        parts.push({ partNumber, etag: ETag ?? "" });
      }
      await this.completeMultipartUpload(key, uploadId, parts);
    } catch (error) {
      await this.abortMultipartUpload(key, uploadId).catch(() => undefined);
      throw error;
    }
  }
}

/** Turns the store's answers to caller mistakes into StorageErrors, as the local driver reports them. */
async function translateErrors<Output>(request: Promise<Output>): Promise<Output> {
  try {
    return await request;
  } catch (error) {
    const code = error instanceof S3ServiceException ? ERROR_CODES[error.name] : undefined;
    if (code) throw new StorageError(code, error instanceof Error ? error.message : String(error));
    throw error;
  }
}
