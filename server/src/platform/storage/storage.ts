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
  presignPart(key: string, uploadId: string, partNumber: number, expiresInSeconds: number): Promise<string>;
  completeMultipartUpload(key: string, uploadId: string, parts: CompletedPart[]): Promise<void>;
  abortMultipartUpload(key: string, uploadId: string): Promise<void>;
  listParts(key: string, uploadId: string): Promise<UploadedPart[]>;
  head(key: string): Promise<StoredObjectInfo | null>;
  downloadToFile(key: string, filePath: string): Promise<void>;
  uploadFromFile(filePath: string, key: string, contentType: string): Promise<void>;
  delete(key: string): Promise<void>;
  deletePrefix(prefix: string): Promise<void>;
  playbackUrl(key: string, expiresInSeconds: number): Promise<PlaybackUrl>;
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
