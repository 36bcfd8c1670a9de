// Who may change a course's sections, videos and uploads, watch a video, and read what only its
// team reads. Sections and uploads have no rules of their own: they are the course's content.
import type { Action, Predicate } from "../../platform/policy.ts";
import { coursePolicy, findVisibleCourse, isCourseEditor } from "../catalog/index.ts";
import { isAdmin } from "../identity/index.ts";
import { viewingRights, type ViewingRight } from "./media.extensions.ts";
import type { VideoRow } from "./media.loaders.ts";

/** Content of a course (a section, a video, an upload's video) the viewer may edit the course of. */
export const editsItsCourse: Predicate<{ courseId: string }> = async (context, content) => {
  const course = await findVisibleCourse(context, content.courseId);
  return course !== null && (await isCourseEditor(context, course));
};

/** Someone who can see the course, and whom one of the viewing rights (media's, learning's, ...) lets watch the video. */
export const hasViewingRight: Predicate<VideoRow> = async (context, video) => {
  const course = await findVisibleCourse(context, video.courseId);
  if (!course) return false;
  for (const mayWatchAs of context.extensions.of(viewingRights)) if (await mayWatchAs(context, video, course)) return true;
  return false;
};

/** Media's own viewing right: anyone on a preview; the course's instructors and admins always. */
export const previewsAndCourseTeam: ViewingRight = async (context, video, course) =>
  video.isPreview || isCourseEditor(context, course);

/**
 * Resources are for the course's learners and team: a preview lets anyone watch the video, not take
 * what comes with it, so the viewing rights are asked as if it were no preview.
 */
export const watchesBeyondPreview: Predicate<VideoRow> = (context, video) => hasViewingRight(context, { ...video, isPreview: false });

/** A section, video or upload: changed by whoever may change its course, refused alike. */
export const contentPolicy = {
  edit: { allows: editsItsCourse, refusal: coursePolicy.edit.refusal },
} satisfies Record<string, Action<{ courseId: string }>>;

export const videoPolicy = {
  edit: contentPolicy.edit,
  watch: { allows: hasViewingRight, refusal: { message: "Only the course's learners may watch this video." } },
  downloadResources: { allows: watchesBeyondPreview, refusal: { message: "Only the course's learners may download this video's resources." } },
  /** Transcripts are the video's captions: for whoever may watch it (its team among them, whatever its state). */
  readTranscript: { allows: hasViewingRight, refusal: coursePolicy.edit.refusal },
  /** Why the last upload could not be processed: for the course's instructors and admins. */
  seeProcessingError: contentPolicy.edit,
  /** The technical cause (what ffprobe or ffmpeg reported): admins only, for support. */
  seeProcessingDetail: { allows: isAdmin, refusal: { message: "Only admins may see this." } },
} satisfies Record<string, Action<VideoRow>>;
