/** Moves closer than this are the restore's own (hls.js lands on a frame near the time asked). */
const SAME_PLACE_SECONDS = 0.5;
const PROGRESS_EVENTS = ["loadedmetadata", "seeked", "canplay", "playing"] as const;

interface Restore {
  time: number;
  playing: boolean;
  /** The restore has called play() and its `play` event has not been seen yet. */
  ownPlayPending: boolean;
  stop: () => void;
}

const restores = new WeakMap<HTMLMediaElement, Restore>();

/**
 * Fired on the element just before its source is replaced by a renewed one, while `played` still
 * holds what the learner watched of the old one (a new source starts it afresh).
 */
export const SOURCE_RENEWAL_EVENT = "lms:sourcerenewal";

/**
 * Whether the element is between a source and its renewal (the same video signed afresh): its
 * position drops to 0 and comes back, and it plays again if it was playing; none of that is the
 * learner's doing, to count or report.
 */
export function isRestoringSource(element: HTMLMediaElement): boolean {
  return restores.has(element);
}

/**
 * Whether a `play` event now is the restore's own, which it then stops waiting for. Only the play
 * a restore asked for is: a learner's press just before or during a swap (a load refused as they
 * pressed, say) is theirs, even while the element is being put back.
 */
export function takeRestoringPlay(element: HTMLMediaElement): boolean {
  const restore = restores.get(element);
  if (!restore?.ownPlayPending) return false;
  restore.ownPlayPending = false;
  return true;
}

/**
 * Call just before the element's source is replaced by the same video's renewed one: once the new
 * source has loaded, the element is put back where it was, playing if it was, and stops counting
 * as restoring once it is there (a source that fails keeps it restoring, to the same place, for
 * the next). Answers that time, or null when the element had not loaded the replaced source.
 */
export function restoreSourceAfterSwap(element: HTMLMediaElement): number | null {
  // A swap while the last one is still loading (or failed to): the element is not yet back where the learner was.
  const earlier = restores.get(element);
  // Nothing loaded yet, so nowhere to go back to: the new source starts as the first would have.
  if (!earlier && element.readyState === HTMLMediaElement.HAVE_NOTHING) return null;
  element.dispatchEvent(new Event(SOURCE_RENEWAL_EVENT));
  earlier?.stop();
  const time = earlier?.time ?? element.currentTime;
  const playing = earlier?.playing ?? (!element.paused && !element.ended);

  const onProgress = (event: Event) => {
    if (element.readyState < HTMLMediaElement.HAVE_METADATA) return;
    if (event.type === "loadedmetadata") {
      if (Math.abs(element.currentTime - time) >= SAME_PLACE_SECONDS) element.currentTime = time;
      // Refused only by the browser's autoplay rules: the learner then presses play, theirs to count.
      // Already unpaused (the learner pressed play meanwhile): no `play` event will come of it.
      if (playing && element.paused) {
        restore.ownPlayPending = true;
        element.play().catch(stop);
      }
    }
    const back = !element.seeking && Math.abs(element.currentTime - time) < SAME_PLACE_SECONDS;
    // Playing again, only once it plays: its `play` event comes before, and is the restore's too.
    if (back && (!playing || event.type === "playing")) stop();
  };
  const stop = () => {
    // A later swap's restore is its own: a play this one asked for and that swap cut off ends only this one.
    if (restores.get(element) === restore) restores.delete(element);
    for (const name of PROGRESS_EVENTS) element.removeEventListener(name, onProgress);
  };
  for (const name of PROGRESS_EVENTS) element.addEventListener(name, onProgress);
  const restore: Restore = { time, playing, ownPlayPending: false, stop };
  restores.set(element, restore);
  return time;
}
