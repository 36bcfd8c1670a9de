// The ladder job: a processed file gets its HLS renditions, poster and seek previews in the background;
// a file browsers cannot play becomes READY only with its first rendition.
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Prisma } from "../../generated/prisma/client.ts";
import type { JobAttempt } from "../../platform/jobs.ts";
import type { Platform } from "../../platform/platform.ts";
import { joinMasterPlaylists, MASTER_PLAYLIST, planLadder, transcodeLadder, type Rendition } from "./hls-ladder.ts";
import { makeSeekPreviews, POSTER_FILE, THUMBNAILS_VTT_FILE } from "./seek-previews.ts";
import { uploadPrefix } from "./video-files.ts";
import { videoFailure } from "./video-processing-failure.ts";
import { becomeReady, localCopy, markFailed, releaseFiles, type PlayableFile } from "./video-processing.job.ts";
import { VideoProcessingError } from "./video-processing.ts";
import { lockVideo, videoStatusChanged } from "./video-status.ts";

export const HLS_LADDER_QUEUE = "media-hls-ladder";
export interface HlsLadderJob {
  uploadId: string;
  /** The processed file the ladder is made from (the uploaded one may be gone by then). */
  file: PlayableFile;
  /** The video stays PROCESSING until the ladder's first rendition exists: browsers cannot play the file itself. */
  readyAfterLadder: boolean;
}

/** Derived files live in these folders of the upload's, beside the file they are made from. */
export const LADDER_FOLDER = "hls/";
export const PREVIEWS_FOLDER = "previews/";

export interface StreamingFiles {
  masterKey: string;
  renditions: Rendition[];
  /** null for sound without a picture, as is thumbnailsVttKey. */
  posterKey: string | null;
  thumbnailsVttKey: string | null;
}

/** A percent is written (and announced) only when it moved this much: each write is an event to every editor. */
const PERCENT_STEP = 5;

const CONTENT_TYPES: Record<string, string> = {
  ".m3u8": "application/vnd.apple.mpegurl",
  ".ts": "video/mp2t",
  ".jpg": "image/jpeg",
  ".vtt": "text/vtt",
};

/** Once per upload: a retried processing job does not queue a second ladder. */
export function sendLadderJob(platform: Platform, job: HlsLadderJob): Promise<void> {
  return platform.jobs.send<HlsLadderJob>(HLS_LADDER_QUEUE, job, { once: job.uploadId });
}

export function streamingColumns(streaming: StreamingFiles | undefined) {
  return {
    hlsMasterKey: streaming?.masterKey ?? null,
    hlsRenditions: streaming ? (streaming.renditions as unknown as Prisma.InputJsonArray) : Prisma.DbNull,
    posterKey: streaming?.posterKey ?? null,
    thumbnailsVttKey: streaming?.thumbnailsVttKey ?? null,
  };
}

export async function hlsLadderJob(platform: Platform, job: JobAttempt<HlsLadderJob>): Promise<void> {
  const { file, readyAfterLadder } = job.data;
  const upload = await platform.db.videoUpload.findUnique({ where: { id: job.data.uploadId } });
  if (!upload || !(await stillWanted(platform, upload.videoId, file.fileKey, readyAfterLadder, upload.status))) return;
  const renditions = planLadder(file.probe);
  // What browsers cannot play is READY once its lowest rendition exists, made alone before the others.
  const readyAtFirstRendition = readyAfterLadder && renditions.length > 1;
  // A run again (a retry after the ladder was attached, a second send) finds it played already:
  // making it anew would only republish percents on a video that is done. An attempt stopped after
  // the first rendition (a restart) made the video READY already: the others remain to be made.
  const stored = await renditionsPlayed(platform, upload.videoId, file.fileKey);
  if (renditions.length > 0 && stored === renditions.length) return;
  const firstStored = readyAtFirstRendition && stored === 1;
  let playing = !readyAfterLadder || firstStored;
  try {
    const ready = async (first: StreamingFiles, percent: number) => {
      await becomeReady(platform, upload, file, first, percent);
      playing = true;
    };
    const first: FirstRendition | undefined = readyAtFirstRendition ? (firstStored ? { stored: true } : { stored: false, ready }) : undefined;
    const streaming = await makeLadder(platform, upload.videoId, upload.id, file, renditions, job.signal, first);
    if (!playing) return await becomeReady(platform, upload, file, streaming);
    await attachLadder(platform, upload.videoId, upload.id, file.fileKey, streaming);
  } catch (error) {
    // Stopped by a shutdown: the job runs again after the restart, from the start.
    if (job.signal.aborted) throw error;
    const hopeless = error instanceof VideoProcessingError || job.isLastAttempt;
    if (hopeless) await setPercent(platform, upload.videoId, null);
    if (hopeless && !playing) {
      const failure = error instanceof VideoProcessingError ? videoFailure(error.kind, error.message) : videoFailure("not-finished", String(error));
      return markFailed(platform, upload, failure);
    }
    // A video that already plays keeps playing its progressive file (or its first rendition) without the rest.
    if (error instanceof VideoProcessingError) return platform.log.warn({ err: error, videoId: upload.videoId }, "no full HLS ladder for this video");
    throw error;
  }
}

/** Not for an upload replaced meanwhile (or a deleted video): its files are released already. */
async function stillWanted(platform: Platform, videoId: string, fileKey: string, readyAfterLadder: boolean, uploadStatus: string): Promise<boolean> {
  if (readyAfterLadder) return uploadStatus === "COMPLETED";
  const video = await platform.db.video.findUnique({ where: { id: videoId }, select: { fileKey: true } });
  return video?.fileKey === fileKey;
}

/** How many renditions of the ladder made from `fileKey` the video plays: none, its first, or all. */
async function renditionsPlayed(platform: Platform, videoId: string, fileKey: string): Promise<number> {
  const video = await platform.db.video.findUnique({ where: { id: videoId }, select: { status: true, fileKey: true, hlsRenditions: true } });
  if (video?.status !== "READY" || video.fileKey !== fileKey || !Array.isArray(video.hlsRenditions)) return 0;
  return video.hlsRenditions.length;
}

/** How the lowest rendition comes when it is made apart: now, then handed to `ready`, or stored already. */
type FirstRendition = { stored: false; ready: (first: StreamingFiles, percent: number) => Promise<void> } | { stored: true };

/**
 * With `first`, the lowest rendition is made and stored alone first, with a master playlist naming it
 * only (unless stored already); the others follow in a second run, and the master is rewritten.
 */
async function makeLadder(
  platform: Platform,
  videoId: string,
  uploadId: string,
  file: PlayableFile,
  renditions: Rendition[],
  signal: AbortSignal,
  first?: FirstRendition,
): Promise<StreamingFiles> {
  const workDir = await mkdtemp(path.join(tmpdir(), "video-hls-"));
  try {
    const source = await localCopy(platform, file.fileKey, workDir);
    const folder = uploadPrefix(videoId, uploadId);
    const masterKey = `${folder}${LADDER_FOLDER}${MASTER_PLAYLIST}`;
    const ladderDir = path.join(workDir, "hls");
    const previewsDir = path.join(workDir, "previews");
    await mkdir(previewsDir);
    const parts = first ? [renditions.slice(0, 1), renditions.slice(1)] : [renditions];
    const percents = percentWriter(platform, videoId, parts);
    if (first) {
      const firstDir = path.join(workDir, "hls-first");
      if (first.stored) {
        await mkdir(firstDir);
        await copyFile(await localCopy(platform, masterKey, firstDir), path.join(firstDir, MASTER_PLAYLIST));
      } else {
        await transcodeLadder(source, firstDir, file.probe, parts[0]!, { signal, onPercent: (percent) => percents.report(0, percent) });
        await percents.written();
        await storeFolder(platform, firstDir, `${folder}${LADDER_FOLDER}`);
        await first.ready({ masterKey, renditions: parts[0]!, posterKey: null, thumbnailsVttKey: null }, percents.published());
      }
      const firstMaster = await readFile(path.join(firstDir, MASTER_PLAYLIST), "utf8");
      await transcodeLadder(source, ladderDir, file.probe, parts[1]!, { signal, firstIndex: 1, onPercent: (percent) => percents.report(1, percent) });
      const masterPath = path.join(ladderDir, MASTER_PLAYLIST);
      await writeFile(masterPath, joinMasterPlaylists(firstMaster, await readFile(masterPath, "utf8")));
    } else {
      await transcodeLadder(source, ladderDir, file.probe, renditions, { signal, onPercent: (percent) => percents.report(0, percent) });
    }
    await percents.written();
    const { width, height } = file.probe;
    const hasPicture = width !== null && height !== null;
    if (hasPicture) await makeSeekPreviews(source, previewsDir, { ...file.probe, width, height }, { signal });
    await storeFolder(platform, ladderDir, `${folder}${LADDER_FOLDER}`);
    await storeFolder(platform, previewsDir, `${folder}${PREVIEWS_FOLDER}`);
    return {
      masterKey,
      renditions,
      posterKey: hasPicture ? `${folder}${PREVIEWS_FOLDER}${POSTER_FILE}` : null,
      thumbnailsVttKey: hasPicture ? `${folder}${PREVIEWS_FOLDER}${THUMBNAILS_VTT_FILE}` : null,
    };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

/**
 * The percent of the whole ladder, from each run's own: a run counts for its share of the pixels it
 * encodes. Written in steps, one write after the other.
 */
function percentWriter(platform: Platform, videoId: string, parts: Rendition[][]) {
  const pixels = parts.map((part) => part.reduce((sum, { width, height }) => sum + width * height, 0) || 1);
  const total = pixels.reduce((sum, value) => sum + value, 0);
  let published = -PERCENT_STEP;
  let writing = Promise.resolve();
  return {
    report(part: number, percent: number): void {
      const before = pixels.slice(0, part).reduce((sum, value) => sum + value, 0);
      const whole = Math.min(99, Math.floor(((before + (percent / 100) * pixels[part]!) / total) * 100));
      if (whole < published + PERCENT_STEP) return;
      published = whole;
      writing = writing.then(() => setPercent(platform, videoId, whole)).catch((error: unknown) => platform.log.warn({ err: error, videoId }, "could not record the transcode's progress"));
    },
    written: () => writing,
    /** The whole ladder's percent last published: at least 0 once any run has begun. */
    published: () => Math.max(0, published),
  };
}

/** Playlists last: a playlist stored never names a segment not stored yet. */
async function storeFolder(platform: Platform, dir: string, prefix: string): Promise<void> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((entry) => entry.isFile()).map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)));
  files.sort((a, b) => Number(a.endsWith(".m3u8")) - Number(b.endsWith(".m3u8")) || Number(a.endsWith(MASTER_PLAYLIST)) - Number(b.endsWith(MASTER_PLAYLIST)));
  for (const file of files) {
    const key = `${prefix}${file.split(path.sep).join("/")}`;
    await platform.storage.uploadFromFile(path.join(dir, file), key, CONTENT_TYPES[path.extname(file)] ?? "application/octet-stream");
  }
}

async function attachLadder(platform: Platform, videoId: string, uploadId: string, fileKey: string, streaming: StreamingFiles): Promise<void> {
  await platform.db.$transaction(async (tx) => {
    const video = await lockVideo(tx, videoId);
    // Replaced while transcoding: the new upload's ladder comes with it.
    if (video?.fileKey !== fileKey) return releaseFiles(tx, videoId, { prefixes: [uploadPrefix(videoId, uploadId)] });
    await tx.video.update({ where: { id: videoId }, data: { processingPercent: null, ...streamingColumns(streaming) } });
    await videoStatusChanged(tx, { id: videoId, courseId: video.courseId });
  });
}

async function setPercent(platform: Platform, videoId: string, percent: number | null): Promise<void> {
  await platform.db.$transaction(async (tx) => {
    const video = await lockVideo(tx, videoId);
    if (!video) return;
    await tx.video.update({ where: { id: videoId }, data: { processingPercent: percent } });
    await videoStatusChanged(tx, { id: videoId, courseId: video.courseId });
  });
}
