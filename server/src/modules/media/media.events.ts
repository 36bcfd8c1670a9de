// The events media emits, and what it does once they are committed: an upload's processing job is
// sent, a status change reaches the course's subscribers, and the files processing or a deleted
// course let go of are removed, even if the server stops right after the commit (the outbox keeps
// them until delivered).
import type { Listeners } from "../../platform/domain-events.ts";
import type { Platform } from "../../platform/platform.ts";
import { PROCESS_UPLOAD_QUEUE, type ProcessUploadJob } from "./video-processing.job.ts";
import { removeVideoFiles, type OpenUpload } from "./video-files.ts";
import { publishVideoStatus } from "./video-status.ts";

declare module "../../platform/domain-events.ts" {
  interface DomainEvents {
    /** An upload's file is stored and checked; its video is PROCESSING. Aggregate: the video. */
    "media.uploadCompleted": { uploadId: string; videoId: string };
    /** A video's status changed (an upload started, completed or ended; processing succeeded or failed). Aggregate: the video. */
    "media.videoStatusChanged": { videoId: string; courseId: string };
    /**
     * A course is being deleted: what its videos keep in storage (everything under each video's
     * prefix, and the bytes of its open uploads) is no longer anyone's. Aggregate: the course.
     */
    "media.courseFilesReleased": { courseId: string; videoIds: string[]; openUploads: OpenUpload[] };
    /**
     * Processing is done with a video's files that nothing refers to any more (the uploaded
     * original, a replaced file's folder, a losing or failed upload's folder): the keys and the
     * prefixes to remove. Aggregate: the video.
     */
    "media.filesReleased": { videoId: string; keys: string[]; prefixes: string[] };
    /** A video's transcript or description was written (the tutor re-indexes its passages). Aggregate: the video. */
    "media.transcriptChanged": { videoId: string; courseId: string };
  }
}

export const mediaListeners: Listeners<Platform> = {
  // The delivery key sends the job once even if the event is delivered again.
  "media.uploadCompleted": (event, platform) =>
    platform.jobs.send<ProcessUploadJob>(PROCESS_UPLOAD_QUEUE, { uploadId: event.payload.uploadId }, { once: event.deliveryKey }),
  "media.videoStatusChanged": async ({ payload }, platform) => publishVideoStatus(platform, { id: payload.videoId, courseId: payload.courseId }),
  // Aborting an upload already aborted and deleting files already gone succeed: a repeated delivery is harmless.
  "media.courseFilesReleased": ({ payload }, platform) => removeVideoFiles(platform, payload.videoIds, payload.openUploads),
  // Deleting what is already gone succeeds: a repeated delivery is harmless.
  "media.filesReleased": async ({ payload }, platform) => {
    for (const key of payload.keys) await platform.storage.delete(key);
    for (const prefix of payload.prefixes) await platform.storage.deletePrefix(prefix);
  },
};
