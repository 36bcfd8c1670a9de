import type { StartedVideoUploadFragment } from "../gql/graphql";
import { userRecords } from "../storage/userRecords";

/**
 * What a reload needs to resume an upload: the API lists neither a video's
 * open upload nor the parts the storage holds, so the page that started it
 * keeps both. The URLs only let their holder write this upload's parts, and
 * they expire with it.
 */
export interface SavedUpload {
  videoId: string;
  courseId: string;
  videoTitle: string;
  fileName: string;
  sizeBytes: number;
  lastModified: number;
  contentType: string;
  upload: StartedVideoUploadFragment;
  /** [part number, ETag] of the parts the storage confirmed. */
  confirmedParts: [number, string][];
}

// Storage full or disabled: after a reload the file is sent again from the start.
const uploadsOnDevice = userRecords<SavedUpload>((userId) => `videoUploads:${userId}`);

/** The user's unfinished uploads whose URLs still work. */
export function savedUploadsOf(userId: string): SavedUpload[] {
  const all = uploadsOnDevice.read(userId);
  const unexpired = Object.values(all).filter((saved) => Date.parse(saved.upload.expiresAt) > Date.now());
  if (unexpired.length !== Object.keys(all).length) {
    uploadsOnDevice.write(userId, Object.fromEntries(unexpired.map((saved) => [saved.videoId, saved])));
  }
  return unexpired;
}

export function saveUpload(userId: string, saved: SavedUpload): void {
  uploadsOnDevice.write(userId, { ...uploadsOnDevice.read(userId), [saved.videoId]: saved });
}

export function forgetUpload(userId: string, videoId: string): void {
  const all = uploadsOnDevice.read(userId);
  delete all[videoId];
  uploadsOnDevice.write(userId, all);
}

/** Whether `file` is, as far as a browser can tell, the file the upload was started with. */
export function isSameFile(saved: SavedUpload, file: File): boolean {
  return saved.fileName === file.name && saved.sizeBytes === file.size && saved.lastModified === file.lastModified;
}
