// A video file already on the server's disk (the demo data's clips) takes an upload's path: stored
// as a completed upload's source, then processed by the upload job's own function, so its video
// ends up exactly like an uploaded one (same keys, thumbnail, probe data, signed playback).
import { stat } from "node:fs/promises";
import path from "node:path";
import { v7 as uuidv7 } from "uuid";
import type { Platform } from "../../platform/platform.ts";
import { uploadPrefix } from "./video-files.ts";
import { processUploadJob } from "./video-processing.job.ts";

export interface VideoFileToImport {
  filePath: string;
  /** One of the types an upload accepts, e.g. "video/mp4". */
  contentType: string;
}

/** Processes the file in this call, not in the job queue: the video is READY (or FAILED) when it returns. */
export async function importVideoFile(platform: Platform, videoId: string, { filePath, contentType }: VideoFileToImport): Promise<void> {
  const id = uuidv7();
  const storageKey = `${uploadPrefix(videoId, id)}source${path.extname(filePath)}`;
  const { size } = await stat(filePath);
  await platform.storage.uploadFromFile(filePath, storageKey, contentType);
  const now = new Date();
  await platform.db.$transaction([
    platform.db.videoUpload.create({
      data: {
        id,
        videoId,
        status: "COMPLETED",
        method: "SINGLE_PUT",
        storageKey,
        sizeBytes: BigInt(size),
        contentType,
        fileName: path.basename(filePath),
        expiresAt: now,
        completedAt: now,
      },
    }),
    platform.db.video.update({ where: { id: videoId }, data: { status: "PROCESSING", processingStartedAt: now, processingError: null } }),
  ]);
  await processUploadJob(platform, { id: `import-${id}`, data: { uploadId: id }, attempt: 1, isLastAttempt: true, signal: new AbortController().signal });
}
