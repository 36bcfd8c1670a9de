// Where a video's files live in storage, and their removal.
import type { VideoUpload } from "../../generated/prisma/client.ts";
import type { Transaction } from "../../platform/db.ts";
import type { Platform } from "../../platform/platform.ts";
import { StorageError } from "../../platform/storage/storage-error.ts";

/** Every file of a video lives under this prefix; each upload under a folder of its own. */
export const videoPrefix = (videoId: string) => `videos/${videoId}/`;
export const uploadPrefix = (videoId: string, uploadId: string) => `${videoPrefix(videoId)}${uploadId}/`;

/** The folder of one upload's files, from the key of any of them. */
export const folderOf = (key: string) => key.slice(0, key.lastIndexOf("/") + 1);

type OpenUpload = Pick<VideoUpload, "storageKey" | "multipartUploadId">;

/** Discards what an unfinished upload stored: its parts on the store, or its single object. */
export async function discardUploadedBytes(platform: Platform, upload: OpenUpload): Promise<void> {
  if (upload.multipartUploadId) {
    await platform.storage.abortMultipartUpload(upload.storageKey, upload.multipartUploadId).catch((error: unknown) => {
      if (!(error instanceof StorageError && error.code === "NO_SUCH_UPLOAD")) throw error;
    });
  }
  await platform.storage.delete(upload.storageKey);
}

/** After a video is deleted: its open uploads are aborted and every file under its prefix removed. */
export async function deleteVideoFiles(platform: Platform, videoId: string, openUploads: OpenUpload[]): Promise<void> {
  try {
    for (const upload of openUploads) await discardUploadedBytes(platform, upload);
    await platform.storage.deletePrefix(videoPrefix(videoId));
  } catch (error) {
    // The video is gone either way; leftover files cost storage, not correctness.
    platform.log.error({ err: error, videoId }, "could not delete a deleted video's files");
  }
}

/** What a course's videos keep in storage: read in the transaction that deletes the course. */
export type CourseVideoFiles = { videoId: string; openUploads: OpenUpload[] }[];

export async function videoFilesOfCourse(tx: Transaction, courseId: string): Promise<CourseVideoFiles> {
  const videos = await tx.video.findMany({
    where: { courseId },
    select: { id: true, uploads: { where: { status: "PENDING" }, select: { storageKey: true, multipartUploadId: true } } },
  });
  return videos.map((video) => ({ videoId: video.id, openUploads: video.uploads }));
}

/** Once the course's deletion has committed: nobody can reach these files any more. */
export async function deleteCourseVideoFiles(platform: Platform, files: CourseVideoFiles): Promise<void> {
  for (const { videoId, openUploads } of files) await deleteVideoFiles(platform, videoId, openUploads);
}
