// Files attached to a video: uploaded straight to storage like its own file, checked (size and
// content) on completion, renamed, reordered and deleted by the course's team; listed with signed
// download URLs to whoever may watch the video beyond a preview.
import { v7 as uuidv7 } from "uuid";
import type { Context } from "../../platform/context.ts";
import type { Transaction } from "../../platform/db.ts";
import { emit } from "../../platform/domain-events.ts";
import { badInput, conflict, notFound } from "../../platform/errors.ts";
import { parseId, toGlobalId } from "../../platform/ids.ts";
import type { Platform } from "../../platform/platform.ts";
import { may } from "../../platform/policy.ts";
import { resourcesByVideo, videoById, type VideoRow } from "./media.loaders.ts";
import { checkSameSet, writeOrder } from "./positions.ts";
import { hasExtensionOf, refusalOfContent, RESOURCE_TYPES, SNIFF_BYTES } from "./resource-file-types.ts";
import { FILE_NAME_MAX, UNSAFE_FILE_NAME } from "./upload-plan.ts";
import type { CreateVideoResourceUploadInput, VideoResourceDownload, VideoResourceRow, VideoResourceUpload } from "./video-resource.type.ts";
import { resourceKey } from "./video-files.ts";
import { lockVideo } from "./video-status.ts";
import { getEditableVideo } from "./video.service.ts";
import { contentPolicy, videoPolicy } from "./video.policy.ts";

/** The trimmed name, or BAD_USER_INPUT naming `field`: it is shown to learners and sent in a header. */
function checkedFileName(fileName: string, contentType: string, field: string): string {
  const trimmed = fileName.trim();
  if (trimmed.length === 0 || trimmed.length > FILE_NAME_MAX) throw badInput({ [field]: `must be 1 to ${FILE_NAME_MAX} characters long` });
  if (UNSAFE_FILE_NAME.test(trimmed)) throw badInput({ [field]: "must not contain control characters or slashes" });
  const type = RESOURCE_TYPES[contentType];
  if (type && !hasExtensionOf(type, trimmed)) {
    throw badInput({ [field]: `must end with ${type.extensions.map((extension) => `.${extension}`).join(" or ")} for ${type.label}` });
  }
  return trimmed;
}

/** The video's READY resources' ids, in order. */
async function readyIds(tx: Transaction, videoId: string): Promise<string[]> {
  const rows = await tx.videoResource.findMany({ where: { videoId, status: "READY" }, orderBy: { position: "asc" }, select: { id: true } });
  return rows.map((row) => row.id);
}

export async function createVideoResourceUpload(context: Context, input: CreateVideoResourceUploadInput): Promise<VideoResourceUpload> {
  const video = await getEditableVideo(context, input.videoId, "videoId");
  const contentType = input.contentType.trim().toLowerCase();
  const { maxBytes, maxPerVideo } = context.config.resources;
  if (!RESOURCE_TYPES[contentType]) throw badInput({ contentType: `must be one of ${Object.keys(RESOURCE_TYPES).join(", ")}` });
  const fileName = checkedFileName(input.fileName, contentType, "fileName");
  if (!Number.isSafeInteger(input.byteSize) || input.byteSize <= 0) throw badInput({ byteSize: "must be a whole number of bytes above 0" });
  if (input.byteSize > maxBytes) throw badInput({ byteSize: `must be at most ${maxBytes} bytes` });

  const id = uuidv7();
  const storageKey = resourceKey(video.id, id);
  const ttl = context.config.uploads.urlTtlSeconds;
  const expiresAt = new Date(Date.now() + ttl * 1000);
  await context.db.$transaction(async (tx) => {
    if (!(await lockVideo(tx, video.id))) throw notFound("Video");
    // Uploads under way count too, or starting many at once would pass the limit.
    const held = await tx.videoResource.count({
      where: { videoId: video.id, OR: [{ status: "READY" }, { status: "PENDING", expiresAt: { gt: new Date() } }] },
    });
    if (held >= maxPerVideo) {
      throw conflict(`A video may have at most ${maxPerVideo} resources; delete one to attach another.`, { reason: "TOO_MANY_RESOURCES" });
    }
    await tx.videoResource.create({ data: { id, videoId: video.id, fileName, contentType, sizeBytes: BigInt(input.byteSize), storageKey, expiresAt } });
  });
  const put = await context.storage.presignPut(storageKey, { contentType, contentLength: input.byteSize, expiresInSeconds: ttl });
  return { id: toGlobalId("VideoResource", id), url: put.url, expiresAt };
}

/** A resource (in any state) of a course the viewer may edit; NOT_FOUND for anyone else, as if it did not exist. */
async function getEditableResource(context: Context, globalId: string, field: string): Promise<VideoResourceRow> {
  const resource = await context.db.videoResource.findUnique({ where: { id: parseId(globalId, "VideoResource", field) } });
  const video = resource && (await context.loader(videoById).load(resource.videoId));
  if (!resource || !video || !(await may(context, contentPolicy.edit, video))) throw notFound("Resource");
  return resource;
}

/**
 * Checks what was stored (its size, and that its bytes are what its type says), then lists it last
 * among the video's resources. Completing a READY resource again answers it as it is.
 */
export async function completeVideoResourceUpload(context: Context, globalId: string): Promise<VideoResourceRow> {
  const resource = await getEditableResource(context, globalId, "id");
  if (resource.status === "READY") return resource;
  if (resource.expiresAt.getTime() < Date.now()) throw conflict("This upload has expired; upload the file again.", { reason: "UPLOAD_EXPIRED" });

  const stored = await context.storage.head(resource.storageKey);
  if (!stored) throw badInput({ id: "no file has been uploaded yet" });
  if (stored.sizeBytes !== Number(resource.sizeBytes)) {
    throw badInput({ id: `the uploaded file has ${stored.sizeBytes} bytes, not the ${resource.sizeBytes} announced` });
  }
  const start = (await context.storage.readStart(resource.storageKey, SNIFF_BYTES)) ?? Buffer.alloc(0);
  const refusal = refusalOfContent(resource.contentType, start, start.length === stored.sizeBytes);
  if (refusal) throw badInput({ id: `the uploaded file ${refusal}` });

  const completed = await context.db.$transaction(async (tx) => {
    if (!(await lockVideo(tx, resource.videoId))) throw notFound("Resource");
    const position = (await readyIds(tx, resource.videoId)).length;
    await tx.videoResource.updateMany({
      where: { id: resource.id, status: "PENDING" },
      data: { status: "READY", position, completedAt: new Date() },
    });
    // Another completion of it may have come first, under the same lock: it is READY either way.
    return tx.videoResource.findUnique({ where: { id: resource.id } });
  });
  if (!completed) throw notFound("Resource");
  context.loader(resourcesByVideo).clear(resource.videoId);
  return completed;
}

export async function renameVideoResource(context: Context, globalId: string, fileName: string): Promise<VideoResourceRow> {
  const resource = await getEditableResource(context, globalId, "id");
  const name = checkedFileName(fileName, resource.contentType, "fileName");
  const renamed = await context.db.videoResource.update({ where: { id: resource.id }, data: { fileName: name } }).catch(() => null);
  if (!renamed) throw notFound("Resource");
  context.loader(resourcesByVideo).clear(resource.videoId);
  return renamed;
}

/** Removes the resource and, once that is committed, its stored file. */
export async function deleteVideoResource(context: Context, globalId: string): Promise<boolean> {
  const resource = await getEditableResource(context, globalId, "id");
  await context.db.$transaction(async (tx) => {
    if (!(await lockVideo(tx, resource.videoId))) throw notFound("Resource");
    const deleted = await tx.videoResource.deleteMany({ where: { id: resource.id } });
    if (deleted.count !== 1) throw notFound("Resource");
    await writeOrder(tx, "videoResources", await readyIds(tx, resource.videoId));
    await emit(tx, { name: "media.filesReleased", aggregate: `video:${resource.videoId}`, payload: { videoId: resource.videoId, keys: [resource.storageKey], prefixes: [] } });
  });
  context.loader(resourcesByVideo).clear(resource.videoId);
  return true;
}

export async function reorderVideoResources(context: Context, videoGlobalId: string, resourceGlobalIds: string[]): Promise<VideoResourceRow[]> {
  const video = await getEditableVideo(context, videoGlobalId, "videoId");
  const requested = resourceGlobalIds.map((id) => parseId(id, "VideoResource", "resourceIds"));
  const reordered = await context.db.$transaction(async (tx) => {
    if (!(await lockVideo(tx, video.id))) throw notFound("Video");
    checkSameSet(await readyIds(tx, video.id), requested, "resourceIds");
    await writeOrder(tx, "videoResources", requested);
    return tx.videoResource.findMany({ where: { videoId: video.id, status: "READY" }, orderBy: { position: "asc" } });
  });
  context.loader(resourcesByVideo).clear(video.id);
  return reordered;
}

/** Video.resources: empty for whoever may not download them (see videoPolicy.downloadResources). */
export async function visibleResources(context: Context, video: VideoRow): Promise<VideoResourceRow[]> {
  if (!(await may(context, videoPolicy.downloadResources, video))) return [];
  return context.loader(resourcesByVideo).load(video.id);
}

/** A short-lived URL answering the file as an attachment; null for whoever may not download it. */
export async function resourceDownload(context: Context, resource: VideoResourceRow): Promise<VideoResourceDownload | null> {
  const video = await context.loader(videoById).load(resource.videoId);
  if (resource.status !== "READY" || !video || !(await may(context, videoPolicy.downloadResources, video))) return null;
  return context.storage.downloadUrl(resource.storageKey, resource.fileName, context.config.resources.downloadUrlTtlSeconds);
}

/** Whether the storage driver may still take bytes for this resource key: only while its resource is pending and unexpired. */
export async function isResourceUploadOpen(platform: Platform, key: string): Promise<boolean> {
  const resource = await platform.db.videoResource.findUnique({ where: { storageKey: key }, select: { status: true, expiresAt: true } });
  return resource?.status === "PENDING" && resource.expiresAt.getTime() > Date.now();
}

/** The cleanup job: resources never completed before their URL expired are removed, with whatever bytes arrived. */
export async function removeExpiredResourceUploads(platform: Platform): Promise<number> {
  const expired = await platform.db.videoResource.findMany({
    where: { status: "PENDING", expiresAt: { lt: new Date() } },
    select: { id: true, storageKey: true },
    take: 500,
  });
  let removed = 0;
  for (const resource of expired) {
    const deleted = await platform.db.videoResource.deleteMany({ where: { id: resource.id, status: "PENDING" } });
    if (deleted.count === 0) continue;
    await platform.storage.delete(resource.storageKey).catch((error: unknown) => platform.log.warn({ err: error, key: resource.storageKey }, "could not remove an expired resource's bytes"));
    removed += 1;
  }
  return removed;
}
