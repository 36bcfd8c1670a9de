// The processing job: an uploaded file becomes a playable video (probed, made to start fast, with a
// thumbnail), replacing the video's previous file only once it is READY.
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { VideoUpload } from "../../generated/prisma/client.ts";
import type { Transaction } from "../../platform/db.ts";
import { emit, hasUndeliveredEvent } from "../../platform/domain-events.ts";
import type { JobAttempt } from "../../platform/jobs.ts";
import type { Platform } from "../../platform/platform.ts";
import { LocalStorage } from "../../platform/storage/local-storage.ts";
import { folderOf, uploadPrefix } from "./video-files.ts";
import { videoFailure, type VideoFailure } from "./video-processing-failure.ts";
import { extractThumbnail, probeVideo, remuxFaststart, VideoProcessingError, type VideoProbe } from "./video-processing.ts";
import { lockVideo, statusWithoutNewFile, videoStatusChanged } from "./video-status.ts";
import { HLS_LADDER_QUEUE, sendLadderJob, streamingColumns, type StreamingFiles } from "./hls-ladder.job.ts";

export const PROCESS_UPLOAD_QUEUE = "media-process-upload";
export interface ProcessUploadJob {
  uploadId: string;
}

/**
 * ffmpeg may run 30 minutes. A job whose server died is retried within a minute (the jobs' leases);
 * this expiry is the last resort when the lease cannot tell.
 */
export const PROCESSING_EXPIRY_SECONDS = 40 * 60;
/** The job is sent once completeVideoUpload's event is delivered: a video PROCESSING for less than this may not have it yet. */
const JOB_SEND_GRACE_MS = 60_000;

const THUMBNAIL_AT_FRACTION = 0.1;

export interface PlayableFile {
  fileKey: string;
  mimeType: string;
  sizeBytes: number;
  thumbnailKey: string | null;
  probe: VideoProbe;
}

export async function processUploadJob(platform: Platform, job: JobAttempt<ProcessUploadJob>): Promise<void> {
  const upload = await platform.db.videoUpload.findUnique({ where: { id: job.data.uploadId } });
  if (!upload || upload.status !== "COMPLETED") return;
  try {
    const file = await makePlayable(platform, upload, job.signal);
    // What browsers cannot play waits, PROCESSING, for its HLS ladder; the rest plays at once and gets one after.
    const readyAfterLadder = !browsersPlay(file);
    if (!readyAfterLadder) await becomeReady(platform, upload, file);
    await sendLadderJob(platform, { uploadId: upload.id, file, readyAfterLadder });
  } catch (error) {
    // Stopped by a shutdown: the job runs again after the restart, the video stays PROCESSING.
    if (job.signal.aborted) throw error;
    // A file that is not a video stays one on every attempt; anything else may be passing.
    if (error instanceof VideoProcessingError) return markFailed(platform, upload, videoFailure(error.kind, error.message));
    if (job.isLastAttempt) {
      await markFailed(platform, upload, videoFailure("not-finished", `processing failed ${job.attempt} times; last error: ${String(error)}`));
    }
    throw error;
  }
}

async function makePlayable(platform: Platform, upload: VideoUpload, signal: AbortSignal): Promise<PlayableFile> {
  const workDir = await mkdtemp(path.join(tmpdir(), "video-"));
  try {
    const source = await localCopy(platform, upload.storageKey, workDir);
    const probe = await probeVideo(source, { signal });
    const folder = uploadPrefix(upload.videoId, upload.id);
    // Sound alone (an audio-only lesson) has no frame to show.
    const thumbnailKey = probe.videoCodec ? `${folder}thumb.jpg` : null;
    if (thumbnailKey) {
      const thumbnailPath = path.join(workDir, "thumb.jpg");
      await extractThumbnail(source, thumbnailPath, probe.durationSeconds * THUMBNAIL_AT_FRACTION, { signal });
      await platform.storage.uploadFromFile(thumbnailPath, thumbnailKey, "image/jpeg");
    }
    const played = await preparePlayedFile(source, probe, upload, workDir, signal);
    await platform.storage.uploadFromFile(played.path, played.key, played.mimeType);
    const { size } = await stat(played.path);
    return { fileKey: played.key, mimeType: played.mimeType, sizeBytes: size, thumbnailKey, probe };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

/**
 * The file to play, stored under its own key: never the uploaded key, whose upload URL may stay
 * valid for hours. MP4 and QuickTime are remuxed so playback starts at once; WebM and Matroska
 * already start fast. A QuickTime file of codecs browsers cannot play (ProRes, Motion JPEG, PCM
 * sound, which MP4 cannot even hold) is kept as it is, as is an AVI file (no browser plays one):
 * players get its HLS ladder instead. Sound in a container of its own is copied into the one every
 * browser plays it in: MP3 and AAC (ADTS) into MP4, Opus and Vorbis from Ogg into WebM; WAV, whose
 * uncompressed sound is ten times the ladder's AAC, and Ogg of other codecs (FLAC, Speex) are kept
 * and get their ladder first.
 */
async function preparePlayedFile(source: string, probe: VideoProbe, upload: VideoUpload, workDir: string, signal: AbortSignal) {
  const folder = uploadPrefix(upload.videoId, upload.id);
  const kept = (extension: string, mimeType: string) => ({ path: source, key: `${folder}video.${extension}`, mimeType });
  const soundOnly = probe.videoCodec === null;
  const container = containerOf(probe, upload.contentType);
  if (container === "avi") return kept("avi", "video/x-msvideo");
  if (container === "wav") return kept("wav", "audio/wav");
  if (container === "matroska") {
    const isWebm = upload.contentType === "video/webm" || upload.contentType === "audio/webm";
    return isWebm ? kept("webm", "video/webm") : kept("mkv", "video/x-matroska");
  }
  if (container === "ogg") {
    if (!browsersPlay({ mimeType: "video/webm", probe })) return kept("ogg", soundOnly ? "audio/ogg" : "video/ogg");
    const remuxed = path.join(workDir, "video.webm");
    await remuxFaststart(source, remuxed, { signal, soundOnly });
    return { path: remuxed, key: `${folder}video.webm`, mimeType: "video/webm" };
  }
  if (!browsersPlay({ mimeType: "video/mp4", probe })) {
    const isMov = upload.contentType === "video/quicktime";
    return kept(isMov ? "mov" : "mp4", isMov ? "video/quicktime" : "video/mp4");
  }
  const remuxed = path.join(workDir, "video.mp4");
  await remuxFaststart(source, remuxed, { signal, soundOnly });
  return { path: remuxed, key: `${folder}video.mp4`, mimeType: "video/mp4" };
}

/** The uploaded file on local disk: read in place with the local driver, downloaded otherwise. */
export async function localCopy(platform: Platform, key: string, workDir: string): Promise<string> {
  if (platform.storage instanceof LocalStorage) {
    const file = await platform.storage.openForReading(key);
    if (!file) throw new Error(`the uploaded file ${key} is missing`);
    return file.filePath;
  }
  const downloaded = path.join(workDir, "source");
  await platform.storage.downloadToFile(key, downloaded);
  return downloaded;
}

/**
 * H.264 with AAC or MP3 in MP4, VP8, VP9 or AV1 with Opus or Vorbis in WebM: what every current
 * browser plays; either stream may be missing (a silent screencast, an audio-only lesson).
 */
function browsersPlay({ mimeType, probe }: Pick<PlayableFile, "mimeType" | "probe">): boolean {
  const plays = (codec: string | null, known: string[]) => codec === null || known.includes(codec);
  const { videoCodec, audioCodec } = probe;
  if (mimeType === "video/mp4") return plays(videoCodec, ["h264"]) && plays(audioCodec, ["aac", "mp3"]);
  if (mimeType === "video/webm") return plays(videoCodec, ["vp8", "vp9", "av1"]) && plays(audioCodec, ["opus", "vorbis"]);
  return false;
}

/** MP3 and ADTS (a .aac file) hold their sound alone, as WAV does; Ogg may hold a picture too (Theora). */
function containerOf(probe: VideoProbe, contentType: string): "mp4" | "matroska" | "avi" | "mp3" | "adts" | "ogg" | "wav" {
  const formats = probe.formatName.split(",");
  if (formats.includes("mp4") || formats.includes("mov")) return "mp4";
  if (formats.includes("matroska") || formats.includes("webm")) return "matroska";
  if (formats.includes("aac")) return "adts";
  const own = (["avi", "mp3", "ogg", "wav"] as const).find((container) => formats.includes(container));
  if (own) return own;
  throw new VideoProcessingError(
    "unreadable",
    `the file is ${probe.formatName}, not one of the containers of ${contentType} we play (MP4, QuickTime, WebM, Matroska, AVI; MP3, AAC, Ogg, WAV for sound alone)`,
  );
}

/**
 * Call in the transaction after which nothing refers to the files any more: they are removed once
 * it commits, by the event's listener, even if this process stops right after the commit.
 */
export function releaseFiles(tx: Transaction, videoId: string, files: { keys?: string[]; prefixes?: string[] }): Promise<void> {
  const payload = { videoId, keys: files.keys ?? [], prefixes: files.prefixes ?? [] };
  return emit(tx, { name: "media.filesReleased", aggregate: `video:${videoId}`, payload });
}

/**
 * The video plays the file; with `streaming`, the HLS ladder and previews made from it so far
 * (without, they are made afterwards). `ladderPercent`: how far the rest of its ladder has come
 * when more renditions are still being made, so the editor keeps showing that work instead of a
 * finished ladder for a moment.
 */
export async function becomeReady(
  platform: Platform,
  upload: VideoUpload,
  file: PlayableFile,
  streaming?: StreamingFiles,
  ladderPercent: number | null = null,
): Promise<void> {
  await platform.db.$transaction(async (tx) => {
    const video = await lockVideo(tx, upload.videoId);
    // Of two uploads processed at once, the one started later wins, whichever finishes first.
    const newer = video ? await tx.videoUpload.count({ where: { videoId: upload.videoId, status: "COMPLETED", id: { gt: upload.id } } }) : 0;
    if (!video || newer > 0) return releaseFiles(tx, upload.videoId, { prefixes: [uploadPrefix(upload.videoId, upload.id)] });
    const { probe } = file;
    await tx.video.update({
      where: { id: upload.videoId },
      data: {
        status: "READY",
        fileKey: file.fileKey,
        thumbnailKey: file.thumbnailKey,
        mimeType: file.mimeType,
        sizeBytes: BigInt(file.sizeBytes),
        // Rounded up: a clip of 0.4 s must not read as 0 seconds long; the exact value is kept beside it.
        durationSeconds: Math.ceil(probe.durationSeconds),
        exactDurationSeconds: probe.durationSeconds,
        width: probe.width,
        height: probe.height,
        videoCodec: probe.videoCodec,
        audioCodec: probe.audioCodec,
        processingError: null,
        processingErrorDetail: null,
        processedAt: new Date(),
        processingPercent: ladderPercent,
        ...streamingColumns(streaming),
      },
    });
    await videoStatusChanged(tx, { id: upload.videoId, courseId: video.courseId });
    const replaced = video.fileKey && folderOf(video.fileKey) !== folderOf(file.fileKey) ? [folderOf(video.fileKey)] : [];
    await releaseFiles(tx, upload.videoId, { keys: [upload.storageKey], prefixes: replaced });
  });
}

export async function markFailed(platform: Platform, upload: VideoUpload, { reason, detail }: VideoFailure): Promise<void> {
  platform.log.warn({ videoId: upload.videoId, uploadId: upload.id, detail }, "video processing failed");
  await platform.db.$transaction(async (tx) => {
    const video = await lockVideo(tx, upload.videoId);
    await tx.videoUpload.update({ where: { id: upload.id }, data: { status: "FAILED", error: detail } });
    await releaseFiles(tx, upload.videoId, { prefixes: [uploadPrefix(upload.videoId, upload.id)] });
    const newer = await tx.videoUpload.count({ where: { videoId: upload.videoId, status: { in: ["PENDING", "COMPLETED"] }, id: { gt: upload.id } } });
    if (!video || newer > 0) return;
    // A replacement that fails leaves the current file playing.
    const status = video.fileKey ? statusWithoutNewFile(video.fileKey) : "FAILED";
    await tx.video.update({ where: { id: upload.videoId }, data: { status, processingError: reason, processingErrorDetail: detail, processedAt: new Date() } });
    await videoStatusChanged(tx, { id: upload.videoId, courseId: video.courseId });
  });
}

/**
 * At start and in the cleanup job: a video PROCESSING without a job left to finish it (its last
 * attempt died with its server, or its completion event failed for good) is marked FAILED.
 */
export async function failAbandonedProcessing(platform: Platform): Promise<void> {
  const stuck = await platform.db.video.findMany({
    where: { status: "PROCESSING", processingStartedAt: { lt: new Date(Date.now() - JOB_SEND_GRACE_MS) } },
    select: { id: true },
    take: 100,
  });
  for (const video of stuck) {
    const latest = await platform.db.videoUpload.findFirst({ where: { videoId: video.id, status: "COMPLETED" }, orderBy: { id: "desc" } });
    if (!latest) continue;
    // The job is sent once the upload's completion event is delivered: a server that was down a while has yet to.
    if (await hasUndeliveredEvent(platform.db, "media.uploadCompleted", { uploadId: latest.id })) continue;
    if (await platform.jobs.hasPending(PROCESS_UPLOAD_QUEUE, { uploadId: latest.id })) continue;
    if (await platform.jobs.hasPending(HLS_LADDER_QUEUE, { uploadId: latest.id })) continue;
    await markFailed(platform, latest, videoFailure("not-finished", "processing did not finish: no job was left to finish it"));
  }
}
