// What an upload may be, and how it is cut into parts: checked before anything is stored.
import type { UploadMethod } from "../../generated/prisma/enums.ts";
import type { UploadConfig } from "../../platform/config.ts";
import { badInput } from "../../platform/errors.ts";
import type { StartVideoUploadInput } from "./upload.type.ts";

/**
 * The containers processing accepts, with the file extension their uploads are stored under: videos,
 * and the sound files an audio-only lesson is recorded in.
 */
export const ACCEPTED_CONTENT_TYPES: Record<string, string> = {
  "video/mp4": "mp4",
  "video/webm": "webm",
  "video/quicktime": "mov",
  "video/x-matroska": "mkv",
  "video/x-msvideo": "avi",
  "audio/mp4": "m4a",
  "audio/mpeg": "mp3",
  "audio/aac": "aac",
  "audio/ogg": "ogg",
  "audio/opus": "opus",
  "audio/webm": "weba",
  "audio/wav": "wav",
  "audio/x-wav": "wav",
};

export const FILE_NAME_MAX = 255;
const MIB = 1024 * 1024;
/** S3 numbers parts 1 to 10,000. */
const MAX_PARTS = 10_000;
// Control characters and path separators: the name is shown to people and may end up in a header.
export const UNSAFE_FILE_NAME = /[\u0000-\u001f\u007f/\\]/;

export interface UploadPlan {
  fileName: string;
  contentType: string;
  extension: string;
  sizeBytes: number;
  method: UploadMethod;
  /** For MULTIPART: every part but the last has this size. */
  partSizeBytes: number | null;
  partCount: number;
}

export function planUpload(input: StartVideoUploadInput, limits: UploadConfig): UploadPlan {
  const fileName = input.fileName.trim();
  const contentType = input.contentType.trim().toLowerCase();
  const extension = ACCEPTED_CONTENT_TYPES[contentType];
  const problems: Record<string, string> = {};
  if (fileName.length === 0 || fileName.length > FILE_NAME_MAX) problems.fileName = `must be 1 to ${FILE_NAME_MAX} characters long`;
  else if (UNSAFE_FILE_NAME.test(fileName)) problems.fileName = "must not contain control characters or slashes";
  if (!extension) problems.contentType = `must be one of ${Object.keys(ACCEPTED_CONTENT_TYPES).join(", ")}`;
  if (!Number.isSafeInteger(input.sizeBytes) || input.sizeBytes <= 0) problems.sizeBytes = "must be a whole number of bytes above 0";
  else if (input.sizeBytes > limits.maxBytes) problems.sizeBytes = `must be at most ${limits.maxBytes} bytes`;
  if (Object.keys(problems).length > 0 || !extension) throw badInput(problems);

  const sizeBytes = input.sizeBytes;
  if (sizeBytes < limits.multipartThresholdBytes) {
    return { fileName, contentType, extension, sizeBytes, method: "SINGLE_PUT", partSizeBytes: null, partCount: 1 };
  }
  // Larger parts only when the configured size would need more than S3's 10,000 parts.
  const partSizeBytes = Math.max(limits.partBytes, Math.ceil(sizeBytes / MAX_PARTS / MIB) * MIB);
  return { fileName, contentType, extension, sizeBytes, method: "MULTIPART", partSizeBytes, partCount: Math.ceil(sizeBytes / partSizeBytes) };
}

/** The size part `partNumber` (1-based) must have. */
export function expectedPartSize(sizeBytes: number, partSizeBytes: number, partNumber: number): number {
  return Math.min(partSizeBytes, sizeBytes - (partNumber - 1) * partSizeBytes);
}
