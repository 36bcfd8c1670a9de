// Where a video's files live in storage, and their removal.
import { validate as isUuid } from "uuid";
import type { VideoUpload } from "../../generated/prisma/client.ts";
import { emit } from "../../platform/domain-events.ts";
import type { Platform } from "../../platform/platform.ts";
import { StorageError } from "../../platform/storage/storage-error.ts";
import type { CourseDeletionHook } from "../catalog/index.ts";

export const VIDEOS_PREFIX = "videos/";
/** What the ladder job makes from a video's file, in folders beside it (see hls-ladder.job.ts). */
const DERIVED_FOLDERS = ["hls/", "previews/"];
/** Stored files younger than this are never swept: their row may be on its way, in a transaction not yet committed. */
const ORPHAN_GRACE_MS = 60 * 60 * 1000;
/** Received bytes untouched this long were cut off midway: a request receiving them writes far more often. */
const ABANDONED_UPLOAD_BYTES_MS = 60 * 60 * 1000;

/** Every file of a video lives under this prefix; each upload under a folder of its own. */
export const videoPrefix = (videoId: string) => `${VIDEOS_PREFIX}${videoId}/`;
export const uploadPrefix = (videoId: string, uploadId: string) => `${videoPrefix(videoId)}${uploadId}/`;
const RESOURCES_FOLDER = "resources";
/** A resource's file: under its video's prefix, so it goes with the video (and its course). */
export const resourceKey = (videoId: string, resourceId: string) => `${videoPrefix(videoId)}${RESOURCES_FOLDER}/${resourceId}/file`;
/** Whether a key is of a resource's file (its row, looked up by the key, says whose). */
export const isResourceKey = (key: string) => key.split("/")[2] === RESOURCES_FOLDER;

/** The folder of one upload's files, from the key of any of them. */
export const folderOf = (key: string) => key.slice(0, key.lastIndexOf("/") + 1);

/** The video and the upload a key of videos/<videoId>/<uploadId>/<file> belongs to; null for what is not such an id. */
export function ownersOfKey(key: string): { videoId: string | null; uploadId: string | null } {
  const [root, videoId, uploadId, file] = key.split("/");
  if (`${root}/` !== VIDEOS_PREFIX || !videoId || !isUuid(videoId)) return { videoId: null, uploadId: null };
  return { videoId, uploadId: uploadId && file && isUuid(uploadId) ? uploadId : null };
}

export type OpenUpload = Pick<VideoUpload, "storageKey" | "multipartUploadId">;

/** Discards what an unfinished upload stored: its parts on the store, or its single object. */
export async function discardUploadedBytes(platform: Platform, upload: OpenUpload): Promise<void> {
  if (upload.multipartUploadId) {
    await platform.storage.abortMultipartUpload(upload.storageKey, upload.multipartUploadId).catch((error: unknown) => {
      if (!(error instanceof StorageError && error.code === "NO_SUCH_UPLOAD")) throw error;
    });
  }
  await platform.storage.delete(upload.storageKey);
}

/** Removes what the videos keep in storage: their open uploads are aborted and every file under their prefixes removed. */
export async function removeVideoFiles(platform: Platform, videoIds: readonly string[], openUploads: readonly OpenUpload[]): Promise<void> {
  for (const upload of openUploads) await discardUploadedBytes(platform, upload);
  for (const videoId of videoIds) await platform.storage.deletePrefix(videoPrefix(videoId));
}

/** After a video is deleted: its open uploads are aborted and every file under its prefix removed. */
export async function deleteVideoFiles(platform: Platform, videoId: string, openUploads: OpenUpload[]): Promise<void> {
  try {
    await removeVideoFiles(platform, [videoId], openUploads);
  } catch (error) {
    // The video is gone either way; leftover files cost storage, not correctness.
    platform.log.error({ err: error, videoId }, "could not delete a deleted video's files");
  }
}

/**
 * In a course's deleting transaction, while its videos' rows still exist: what they keep in storage
 * is read and released in an event, whose listener removes it once the deletion has committed.
 */
export const releaseFilesOfDeletedCourse: CourseDeletionHook = async (tx, courseId) => {
  const videos = await tx.video.findMany({
    where: { courseId },
    select: { id: true, uploads: { where: { status: "PENDING" }, select: { storageKey: true, multipartUploadId: true } } },
  });
  await emit(tx, {
    name: "media.courseFilesReleased",
    aggregate: `course:${courseId}`,
    payload: { courseId, videoIds: videos.map((video) => video.id), openUploads: videos.flatMap((video) => video.uploads) },
  });
};

/**
 * The orphan sweep: removes stored files no row refers to, written before `writtenBefore` (an hour
 * ago by default). They are the files of deleted videos whose removal failed, and the bytes of
 * uploads neither open nor being processed: an S3 presigned URL, which cannot be withdrawn, used
 * after its upload was aborted or completed. Answers how many files it removed.
 */
export async function removeOrphanedFiles(platform: Platform, writtenBefore = new Date(Date.now() - ORPHAN_GRACE_MS)): Promise<number> {
  let removed = 0;
  for await (const page of platform.storage.listObjects(VIDEOS_PREFIX)) {
    const oldEnough = page.filter((object) => object.lastModified < writtenBefore).map((object) => object.key);
    for (const key of oldEnough.length > 0 ? await unreferencedKeys(platform, oldEnough) : []) {
      await platform.storage.delete(key);
      removed += 1;
    }
  }
  return removed;
}

async function unreferencedKeys(platform: Platform, keys: string[]): Promise<string[]> {
  const owned = keys.map((key) => ({ key, ...ownersOfKey(key) }));
  const videoIds = [...new Set(owned.flatMap(({ videoId }) => (videoId ? [videoId] : [])))];
  const uploadIds = [...new Set(owned.flatMap(({ uploadId }) => (uploadId ? [uploadId] : [])))];
  const resourceKeys = keys.filter(isResourceKey);
  const [videos, uploads, resources] = await Promise.all([
    platform.db.video.findMany({ where: { id: { in: videoIds } }, select: { id: true, status: true, fileKey: true, thumbnailKey: true } }),
    platform.db.videoUpload.findMany({ where: { id: { in: uploadIds } }, select: { id: true, videoId: true, status: true } }),
    platform.db.videoResource.findMany({ where: { storageKey: { in: resourceKeys } }, select: { storageKey: true } }),
  ]);
  const keptResourceKeys = new Set(resources.map((resource) => resource.storageKey));
  const videoById = new Map(videos.map((video) => [video.id, video]));
  const uploadById = new Map(uploads.map((upload) => [upload.id, upload]));
  return owned
    .filter(({ key, videoId, uploadId }) => {
      const video = videoId ? videoById.get(videoId) : undefined;
      if (!video) return true;
      // A resource's file, pending or ready, is its row's until the row goes.
      if (isResourceKey(key)) return !keptResourceKeys.has(key);
      if (key === video.fileKey || key === video.thumbnailKey) return false;
      if (video.fileKey && DERIVED_FOLDERS.some((folder) => key.startsWith(`${folderOf(video.fileKey!)}${folder}`))) return false;
      const upload = uploadId ? uploadById.get(uploadId) : undefined;
      if (upload?.videoId !== video.id) return true;
      // Bytes still arriving, or the files processing writes before the video points at them.
      const inUse = upload.status === "PENDING" || (upload.status === "COMPLETED" && video.status === "PROCESSING");
      return !inUse;
    })
    .map(({ key }) => key);
}

/** Removes what uploads cut off by a crash left half-received; run at start and by the cleanup job. */
export function removeAbandonedUploadBytes(platform: Platform): Promise<number> {
  return platform.storage.removeAbandonedTemporaryFiles(new Date(Date.now() - ABANDONED_UPLOAD_BYTES_MS));
}
