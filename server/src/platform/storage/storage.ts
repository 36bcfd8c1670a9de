import { LocalStorage, type LocalStorageOptions } from "./local-storage.ts";
import { S3Storage, type S3StorageOptions } from "./s3-storage.ts";

export interface PresignPutOptions {
  contentType: string;
  contentLength: number;
  expiresInSeconds: number;
}

export interface PresignedPut {
  url: string;
  /** Headers the client must send with the PUT; browsers add Content-Length themselves. */
  headers: Record<string, string>;
}

export interface PresignPartOptions {
  /** The part's planned size: the URL accepts a body of exactly this many bytes. */
  contentLength: number;
  expiresInSeconds: number;
}

export interface CompletedPart {
  partNumber: number;
  etag: string;
}

export interface UploadedPart {
  partNumber: number;
  etag: string;
  sizeBytes: number;
}

export interface StoredObjectInfo {
  sizeBytes: number;
  contentType: string;
}

export interface ListedObject {
  key: string;
  lastModified: Date;
}

/** Answers whether `key` still belongs to an upload that is expected to receive bytes. */
export type UploadCheck = (key: string) => Promise<boolean>;

export interface PlaybackUrl {
  url: string;
  expiresAt: Date;
}

/**
 * Where video files live. Keys are slash-separated relative paths such as
 * "videos/abc123/source.mp4"; see object-key.ts for the accepted shape.
 * Clients upload straight to the URLs handed out here, never through the API's GraphQL layer.
 */
export interface ObjectStorage {
  presignPut(key: string, options: PresignPutOptions): Promise<PresignedPut>;
  createMultipartUpload(key: string, contentType: string): Promise<string>;
  presignPart(key: string, uploadId: string, partNumber: number, options: PresignPartOptions): Promise<string>;
  completeMultipartUpload(key: string, uploadId: string, parts: CompletedPart[]): Promise<void>;
  abortMultipartUpload(key: string, uploadId: string): Promise<void>;
  listParts(key: string, uploadId: string): Promise<UploadedPart[]>;
  head(key: string): Promise<StoredObjectInfo | null>;
  downloadToFile(key: string, filePath: string): Promise<void>;
  uploadFromFile(filePath: string, key: string, contentType: string): Promise<void>;
  delete(key: string): Promise<void>;
  deletePrefix(prefix: string): Promise<void>;
  /** The objects under `prefix`, a page at a time, for sweeping those nothing refers to. */
  listObjects(prefix: string): AsyncIterable<ListedObject[]>;
  /**
   * Lets the owner of the uploads under `prefix` say whether a key still belongs to an open upload.
   * A driver that receives upload bytes itself (local) refuses those of a closed upload, and, once
   * any owner has said so, those of a key under no owner's prefix; a store that takes them
   * straight from the client cannot ask, so what it accepts late is left to the orphan sweep.
   */
  refuseClosedUploads(prefix: string, isUploadOpen: UploadCheck): void;
  /**
   * Removes bytes of uploads cut off midway (by a crash, say) that were last written before
   * `untouchedSince`. Answers how many files it removed; a store that keeps no such files removes none.
   */
  removeAbandonedTemporaryFiles(untouchedSince: Date): Promise<number>;
  playbackUrl(key: string, expiresInSeconds: number): Promise<PlaybackUrl>;
  /** A signed, expiring URL that downloads the object as an attachment named `fileName` (see attachmentDisposition). */
  downloadUrl(key: string, fileName: string, expiresInSeconds: number): Promise<PlaybackUrl>;
  /** The object's first `byteCount` bytes (fewer for a shorter one), to tell what it holds; null when there is none. */
  readStart(key: string, byteCount: number): Promise<Buffer | null>;
  /**
   * A URL for a file that names others by relative URLs (an HLS playlist, a WebVTT thumbnails
   * track) under which those open too, until the same expiry: the local driver signs each one as it
   * serves the file, a CDN gives a token covering `folder`. Null where the store cannot (S3 without a CDN).
   */
  streamingUrl(key: string, folder: string, expiresInSeconds: number): Promise<PlaybackUrl | null>;
}

export type StorageOptions =
  | ({ driver: "local" } & LocalStorageOptions)
  | ({ driver: "s3" } & S3StorageOptions);

export function createStorage(options: StorageOptions): ObjectStorage {
  switch (options.driver) {
    case "local":
      return new LocalStorage(options);
    case "s3":
      return new S3Storage(options);
  }
}
