// media: sections, videos, their uploads, processing (ffprobe/ffmpeg) and playback URLs.
import { extend } from "../../platform/extension-points.ts";
// Its refusals' reasons, for every program that compiles the module (not only the server's, which includes every file).
import "./media.reasons.ts";
import { fieldCoordinates, type Module } from "../../platform/module.ts";
import { courseDeletion, coursePublicScope, publishPreconditions } from "../catalog/index.ts";
import type { Platform } from "../../platform/platform.ts";
import { CourseStructureResolver } from "./course-structure.resolver.ts";
import { mediaListeners } from "./media.events.ts";
import { mediaRules } from "./media.rules.ts";
import { SectionResolver } from "./section.resolver.ts";
import { findVisibleSection } from "./section.service.ts";
import { abortExpiredUploads, isUploadOpen } from "./upload.service.ts";
import { UploadResolver } from "./upload.resolver.ts";
import { VideoPlaybackResolver } from "./video-playback.resolver.ts";
import { previewsAndCourseTeam } from "./video.policy.ts";
import { viewingRights } from "./media.extensions.ts";
import {
  failAbandonedProcessing,
  PROCESS_UPLOAD_QUEUE,
  PROCESSING_EXPIRY_SECONDS,
  processUploadJob,
  type ProcessUploadJob,
} from "./video-processing.job.ts";
import { releaseFilesOfDeletedCourse, removeAbandonedUploadBytes, removeOrphanedFiles, VIDEOS_PREFIX } from "./video-files.ts";
import { HLS_LADDER_QUEUE, hlsLadderJob, type HlsLadderJob } from "./hls-ladder.job.ts";
import { VideoStatusResolver } from "./video-status.resolver.ts";
import { findVisibleVideo, refuseWithoutReadyVideo } from "./video.service.ts";
import { VideoResolver } from "./video.resolver.ts";
import { removeExpiredResourceUploads } from "./video-resource.service.ts";
import { VideoResourceResolver, VideoResourcesResolver } from "./video-resource.resolver.ts";

export { sectionDeletion, viewingRights, type SectionDeletionHook, type ViewingRight } from "./media.extensions.ts";
export { findVisibleSection, sectionIds } from "./section.service.ts";
export { Section } from "./section.type.ts";
export { exactDurationOf, exactDurations, videoById, type VideoRow } from "./media.loaders.ts";
export { readyVideoIds, totalDurationSeconds, videosInPlayingOrder } from "./course-structure.ts";
export { Video } from "./video.type.ts";
export { findVisibleVideo } from "./video.service.ts";
export { momentProblem } from "./video-moment.ts";
export { importVideoFile } from "./video-import.ts";
export { resolveFfmpegBinaries } from "./video-processing.ts";
export { videoText, videoTextDigests, type VideoText } from "./video-text.ts";

const CLEANUP_QUEUE = "media-cleanup";
const CLEANUP_CRON = "*/10 * * * *";
const ORPHAN_SWEEP_QUEUE = "media-orphan-sweep";
// Hourly: it lists every stored file.
const ORPHAN_SWEEP_CRON = "23 * * * *";
const PROCESSING_ATTEMPTS = 3;

async function startMediaJobs(platform: Platform): Promise<void> {
  platform.storage.refuseClosedUploads(VIDEOS_PREFIX, (key) => isUploadOpen(platform, key));
  // A crash mid-upload left its bytes behind.
  await removeAbandonedUploadBytes(platform).catch((error: unknown) => platform.log.warn({ err: error }, "could not remove abandoned upload bytes"));
  await platform.jobs.work<ProcessUploadJob>(
    PROCESS_UPLOAD_QUEUE,
    { attempts: PROCESSING_ATTEMPTS, expireInSeconds: PROCESSING_EXPIRY_SECONDS },
    (job) => processUploadJob(platform, job),
  );
  await platform.jobs.work<HlsLadderJob>(
    HLS_LADDER_QUEUE,
    { attempts: PROCESSING_ATTEMPTS, expireInSeconds: PROCESSING_EXPIRY_SECONDS, concurrency: platform.config.videoTranscodeConcurrency },
    (job) => hlsLadderJob(platform, job),
  );
  await platform.jobs.work(CLEANUP_QUEUE, { attempts: 1, expireInSeconds: 15 * 60 }, async () => {
    await abortExpiredUploads(platform);
    await removeExpiredResourceUploads(platform);
    await failAbandonedProcessing(platform);
    await removeAbandonedUploadBytes(platform);
  });
  await platform.jobs.schedule(CLEANUP_QUEUE, CLEANUP_CRON);
  await platform.jobs.work(ORPHAN_SWEEP_QUEUE, { attempts: 1, expireInSeconds: 60 * 60 }, async () => {
    await removeOrphanedFiles(platform);
  });
  await platform.jobs.schedule(ORPHAN_SWEEP_QUEUE, ORPHAN_SWEEP_CRON);
  // A video left PROCESSING by a server that stopped does not wait for the next cleanup.
  await failAbandonedProcessing(platform);
}

export const media: Module = {
  name: "media",
  resolvers: [
    CourseStructureResolver,
    SectionResolver,
    VideoResolver,
    VideoPlaybackResolver,
    UploadResolver,
    VideoStatusResolver,
    VideoResourceResolver,
    VideoResourcesResolver,
  ],
  rules: mediaRules,
  nodes: { Section: findVisibleSection, Video: findVisibleVideo },
  // Video.playback is left out: a player asks for it right before playing and should get the URL's whole lifetime.
  publicFields: [
    ...fieldCoordinates("Query", ["video"]),
    ...fieldCoordinates("Course", ["sections", "videos", "videoCount", "totalDurationSeconds"]),
    ...fieldCoordinates("Section", ["id", "title", "position", "videos", "course"]),
    ...fieldCoordinates("Video", [
      "id", "title", "description", "durationSeconds", "position", "isPreview", "section", "course", "status", "processingPercent",
      "thumbnailUrl", "transcriptVtt", "createdAt", "updatedAt", "viewerCanEdit",
      // For an anonymous viewer, a preview's flag and its course's status decide it: rows the feed watches.
      "viewerCanWatch",
    ]),
  ],
  // A section or video is shown with its course: the triggers on sections and videos name the course.
  publicScopes: {
    Section: (section: { courseId: string }) => coursePublicScope(section.courseId),
    Video: (video: { courseId: string }) => coursePublicScope(video.courseId),
  },
  extensions: [
    extend(publishPreconditions, refuseWithoutReadyVideo),
    extend(courseDeletion, releaseFilesOfDeletedCourse),
    extend(viewingRights, previewsAndCourseTeam),
  ],
  listeners: mediaListeners,
  start: startMediaJobs,
};
