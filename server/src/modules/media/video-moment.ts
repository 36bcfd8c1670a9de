// A moment of a video that other modules pin things to (a note, a question): it must lie within
// the video's probed duration, which media alone knows.
import { exactDurationOf, type VideoRow } from "./media.loaders.ts";

/** Why `positionSeconds` is no moment of `video` (for a BAD_USER_INPUT naming the field); undefined when it is one. */
export function momentProblem(positionSeconds: number, video: VideoRow): string | undefined {
  const duration = exactDurationOf(video);
  if (duration === null) return "cannot be placed in a video that has no file yet";
  if (!Number.isFinite(positionSeconds) || positionSeconds < 0 || positionSeconds > duration) {
    return `must be between 0 and the video's ${duration} seconds`;
  }
  return undefined;
}
