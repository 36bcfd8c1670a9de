import type { CourseProgressSummaryFragment, VideoProgressSummaryFragment } from "../gql/graphql";

/**
 * "2 of 5 videos completed", and "0 of 1 required quiz passed" when the course requires quizzes;
 * "Course completed" once it is (a video or quiz added later takes nothing away).
 */
export function courseProgressText(progress: CourseProgressSummaryFragment): string {
  if (progress.completed) return "Course completed";
  const videos = `${progress.completedVideos} of ${progress.totalVideos} video${progress.totalVideos === 1 ? "" : "s"} completed`;
  if (progress.requirements === 0) return videos;
  return `${videos}, ${progress.requirementsMet} of ${progress.requirements} required quiz${progress.requirements === 1 ? "" : "zes"} passed`;
}

/** Whether the learner has watched anything of the course yet: "Continue" rather than "Start". */
export function hasStarted(progress: CourseProgressSummaryFragment): boolean {
  return progress.watchedSeconds > 0 || progress.completedVideos > 0;
}

/** A second short of the end, a video starts over: resuming there would show nothing. */
const END_MARGIN_SECONDS = 1;

/** Where a video starts: the saved position, unless the learner had reached its end. */
export function resumePositionOf(progress: VideoProgressSummaryFragment | null, durationSeconds: number | null): number {
  if (!progress) return 0;
  if (durationSeconds !== null && progress.positionSeconds >= durationSeconds - END_MARGIN_SECONDS) return 0;
  return progress.positionSeconds;
}
