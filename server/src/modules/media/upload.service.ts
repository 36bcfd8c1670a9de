// Uploads of a video's file, straight from the client to storage: started, completed, aborted.
import { v7 as uuidv7 } from "uuid";
import type { VideoUpload } from "../../generated/prisma/client.ts";
import type { Context } from "../../platform/context.ts";
import { emit } from "../../platform/domain-events.ts";
import { badInput, conflict, notFound } from "../../platform/errors.ts";
import { parseId } from "../../platform/ids.ts";
import type { Platform } from "../../platform/platform.ts";
import { StorageError } from "../../platform/storage/storage-error.ts";
import { may } from "../../platform/policy.ts";
import { videoById } from "./media.loaders.ts";
import { expectedPartSize, planUpload } from "./upload-plan.ts";
import type { CompletedPartInput, StartVideoUploadInput, UploadPart, VideoUploadResult } from "./upload.type.ts";
import { discardUploadedBytes, isResourceKey, ownersOfKey, uploadPrefix } from "./video-files.ts";
import { isResourceUploadOpen } from "./video-resource.service.ts";
import { lockVideo, statusWithoutNewFile, videoStatusChanged } from "./video-status.ts";
import { getEditableVideo } from "./video.service.ts";
import { contentPolicy } from "./video.policy.ts";

const ETAG_MAX = 200;

const withoutUrls = (upload: VideoUpload): VideoUploadResult => ({ ...upload, url: null, parts: [] });

export async function startVideoUpload(context: Context, input: StartVideoUploadInput): Promise<VideoUploadResult> {
  const video = await getEditableVideo(context, input.videoId, "videoId");
  const plan = planUpload(input, context.config.uploads);
  const id = uuidv7();
  const storageKey = `${uploadPrefix(video.id, id)}source.${plan.extension}`;
  const ttl = context.config.uploads.urlTtlSeconds;
  const multipartUploadId =
    plan.method === "MULTIPART" ? await context.storage.createMultipartUpload(storageKey, plan.contentType) : null;

  let replaced: VideoUpload[];
  let upload: VideoUpload;
  try {
    [upload, replaced] = await context.db.$transaction(async (tx) => {
      if (!(await lockVideo(tx, video.id))) throw notFound("Video");
      // One upload at a time per video: starting again (after a crash, say) replaces the open one.
      const open = await tx.videoUpload.findMany({ where: { videoId: video.id, status: "PENDING" } });
      await tx.videoUpload.updateMany({ where: { id: { in: open.map((row) => row.id) } }, data: { status: "ABORTED" } });
      await tx.video.update({ where: { id: video.id }, data: { status: "UPLOADING" } });
      await videoStatusChanged(tx, video);
      const created = await tx.videoUpload.create({
        data: {
          id,
          videoId: video.id,
          method: plan.method,
          storageKey,
          multipartUploadId,
          sizeBytes: BigInt(plan.sizeBytes),
          contentType: plan.contentType,
          fileName: plan.fileName,
          partSizeBytes: plan.partSizeBytes,
          expiresAt: new Date(Date.now() + ttl * 1000),
        },
      });
      return [created, open] as const;
    });
  } catch (error) {
    if (multipartUploadId) {
      await context.storage
        .abortMultipartUpload(storageKey, multipartUploadId)
        .catch((abortError: unknown) => context.log.warn({ err: abortError, storageKey }, "could not abort an unrecorded multipart upload"));
    }
    throw error;
  }
  context.loader(videoById).clear(video.id);
  for (const old of replaced) {
    // The new upload must not fail for an old one's leftovers; they only cost storage.
    await discardUploadedBytes(context, old).catch((error: unknown) => context.log.warn({ err: error, uploadId: old.id }, "could not discard a replaced upload"));
  }

  if (plan.method === "SINGLE_PUT") {
    const put = await context.storage.presignPut(storageKey, { contentType: plan.contentType, contentLength: plan.sizeBytes, expiresInSeconds: ttl });
    return { ...upload, url: put.url, parts: [] };
  }
  const parts: UploadPart[] = [];
  for (let partNumber = 1; partNumber <= plan.partCount; partNumber += 1) {
    const contentLength = expectedPartSize(plan.sizeBytes, plan.partSizeBytes!, partNumber);
    const url = await context.storage.presignPart(storageKey, multipartUploadId!, partNumber, { contentLength, expiresInSeconds: ttl });
    parts.push({ partNumber, url });
  }
  return { ...upload, url: null, parts };
}

/** The upload behind a global id, for its course's editors; NOT_FOUND for anyone else. */
async function getEditableUpload(context: Context, globalId: string): Promise<{ upload: VideoUpload; courseId: string }> {
  const upload = await context.db.videoUpload.findUnique({ where: { id: parseId(globalId, "VideoUpload", "uploadId") } });
  const video = upload && (await context.loader(videoById).load(upload.videoId));
  if (!upload || !video || !(await may(context, contentPolicy.edit, video))) throw notFound("Upload");
  return { upload, courseId: video.courseId };
}

function assertPending(upload: VideoUpload): void {
  if (upload.status !== "PENDING") throw conflict(`This upload is ${upload.status.toLowerCase()}; start a new one.`, { reason: "UPLOAD_NOT_PENDING" });
  if (upload.expiresAt.getTime() < Date.now()) throw conflict("This upload has expired; start a new one.", { reason: "UPLOAD_EXPIRED" });
}

export async function completeVideoUpload(
  context: Context,
  uploadGlobalId: string,
  parts: CompletedPartInput[] | null | undefined,
): Promise<VideoUploadResult> {
  const { upload, courseId } = await getEditableUpload(context, uploadGlobalId);
  assertPending(upload);
  if (upload.method === "MULTIPART") await completeMultipart(context, upload, parts ?? []);
  else if (parts?.length) throw badInput({ parts: "are only for MULTIPART uploads" });

  const stored = await context.storage.head(upload.storageKey);
  if (!stored) throw badInput({ uploadId: "no file has been uploaded yet" });
  if (stored.sizeBytes !== Number(upload.sizeBytes)) {
    throw badInput({ uploadId: `the uploaded file has ${stored.sizeBytes} bytes, not the ${upload.sizeBytes} announced` });
  }

  const completed = await context.db.$transaction(async (tx) => {
    if (!(await lockVideo(tx, upload.videoId))) throw notFound("Upload");
    const claimed = await tx.videoUpload.updateMany({
      where: { id: upload.id, status: "PENDING" },
      data: { status: "COMPLETED", completedAt: new Date() },
    });
    if (claimed.count !== 1) throw conflict("This upload was completed or aborted meanwhile.", { reason: "UPLOAD_NOT_PENDING" });
    await tx.video.update({
      where: { id: upload.videoId },
      data: { status: "PROCESSING", processingStartedAt: new Date(), processingError: null },
    });
    // Its listener sends the processing job: a server stopping right after the commit loses nothing.
    await emit(tx, { name: "media.uploadCompleted", aggregate: `video:${upload.videoId}`, payload: { uploadId: upload.id, videoId: upload.videoId } });
    await videoStatusChanged(tx, { id: upload.videoId, courseId });
    return tx.videoUpload.findUniqueOrThrow({ where: { id: upload.id } });
  });
  context.loader(videoById).clear(upload.videoId);
  return withoutUrls(completed);
}

/** Checks the client's list against what the store holds (every part, right sizes and ETags), then assembles the file. */
async function completeMultipart(context: Context, upload: VideoUpload, parts: CompletedPartInput[]): Promise<void> {
  const sizeBytes = Number(upload.sizeBytes);
  const partSize = upload.partSizeBytes!;
  const partCount = Math.ceil(sizeBytes / partSize);
  if (parts.length !== partCount || parts.some((part, index) => part.partNumber !== index + 1)) {
    throw badInput({ parts: `must list parts 1 to ${partCount} in order, each once` });
  }
  if (parts.some((part) => part.etag.length === 0 || part.etag.length > ETAG_MAX)) {
    throw badInput({ parts: `each etag must be 1 to ${ETAG_MAX} characters long` });
  }
  const stored = new Map((await context.storage.listParts(upload.storageKey, upload.multipartUploadId!)).map((part) => [part.partNumber, part]));
  for (const part of parts) {
    const found = stored.get(part.partNumber);
    if (!found) throw badInput({ parts: `part ${part.partNumber} has not been uploaded` });
    if (found.etag.replace(/"/g, "") !== part.etag.replace(/"/g, "").toLowerCase()) {
      throw badInput({ parts: `part ${part.partNumber}: the etag differs from the uploaded part's` });
    }
    const expected = expectedPartSize(sizeBytes, partSize, part.partNumber);
    if (found.sizeBytes !== expected) throw badInput({ parts: `part ${part.partNumber} has ${found.sizeBytes} bytes, not ${expected}` });
  }
  try {
    await context.storage.completeMultipartUpload(upload.storageKey, upload.multipartUploadId!, parts);
  } catch (error) {
    if (error instanceof StorageError) throw badInput({ parts: error.message });
    throw error;
  }
}

export async function abortVideoUpload(context: Context, uploadGlobalId: string): Promise<VideoUploadResult> {
  const { upload } = await getEditableUpload(context, uploadGlobalId);
  if (upload.status !== "PENDING") throw conflict(`This upload is ${upload.status.toLowerCase()}; only a pending one can be aborted.`, { reason: "UPLOAD_NOT_PENDING" });
  const aborted = await endUpload(context, upload);
  if (!aborted) throw conflict("This upload was completed or aborted meanwhile.", { reason: "UPLOAD_NOT_PENDING" });
  context.loader(videoById).clear(upload.videoId);
  return withoutUrls(aborted);
}

/** Marks a pending upload ABORTED, returns the video to its current file, and discards the bytes. Null when it was not pending. */
async function endUpload(platform: Platform, upload: VideoUpload): Promise<VideoUpload | null> {
  const ended = await platform.db.$transaction(async (tx) => {
    const video = await lockVideo(tx, upload.videoId);
    const claimed = await tx.videoUpload.updateMany({ where: { id: upload.id, status: "PENDING" }, data: { status: "ABORTED" } });
    if (!video || claimed.count !== 1) return null;
    await tx.video.update({ where: { id: upload.videoId }, data: { status: statusWithoutNewFile(video.fileKey) } });
    await videoStatusChanged(tx, { id: upload.videoId, courseId: video.courseId });
    return tx.videoUpload.findUniqueOrThrow({ where: { id: upload.id } });
  });
  if (!ended) return null;
  await discardUploadedBytes(platform, upload);
  return ended;
}

/** Asked by the storage driver before and after it receives bytes: only a pending, unexpired upload (or resource) takes them. */
export async function isUploadOpen(platform: Platform, key: string): Promise<boolean> {
  if (isResourceKey(key)) return isResourceUploadOpen(platform, key);
  const { uploadId } = ownersOfKey(key);
  if (!uploadId) return false;
  const upload = await platform.db.videoUpload.findUnique({ where: { id: uploadId }, select: { storageKey: true, status: true, expiresAt: true } });
  return upload?.storageKey === key && upload.status === "PENDING" && upload.expiresAt.getTime() > Date.now();
}

/** The cleanup job: uploads still pending past their expiry are aborted and their bytes discarded. */
export async function abortExpiredUploads(platform: Platform): Promise<number> {
  const expired = await platform.db.videoUpload.findMany({ where: { status: "PENDING", expiresAt: { lt: new Date() } }, take: 500 });
  let aborted = 0;
  for (const upload of expired) {
    try {
      if (await endUpload(platform, upload)) aborted += 1;
    } catch (error) {
      platform.log.error({ err: error, uploadId: upload.id }, "could not abort an expired upload");
    }
  }
  return aborted;
}
