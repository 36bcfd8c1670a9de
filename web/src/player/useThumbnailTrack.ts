import { useCallback, useEffect, useRef, useState } from "react";
import { parseThumbnailTrack, type ThumbnailCue } from "./thumbnailTrack";

export interface ThumbnailTrack {
  /** Empty until loaded, and for a video without previews or whose track could not be read. */
  cues: ThumbnailCue[];
  /** Starts loading the track, once: call it when the learner first reaches for the seek bar. */
  load: () => void;
}

/**
 * The video's seek previews, fetched only when wanted: most lesson visits never seek, and the
 * track would otherwise be one more request before the first frame.
 */
export function useThumbnailTrack(trackUrl: string | null): ThumbnailTrack {
  const [cues, setCues] = useState<ThumbnailCue[]>([]);
  const requested = useRef<AbortController | null>(null);

  useEffect(
    () => () => {
      requested.current?.abort();
      requested.current = null;
      setCues([]);
    },
    [trackUrl],
  );

  const load = useCallback(() => {
    if (!trackUrl || requested.current) return;
    const controller = new AbortController();
    requested.current = controller;
    fetch(trackUrl, { signal: controller.signal })
      .then((response) => (response.ok ? response.text() : ""))
      .then((text) => {
        if (!controller.signal.aborted) setCues(parseThumbnailTrack(text, trackUrl));
      })
      // Previews are a help: without them the bar still seeks, with the time alone.
      .catch(() => undefined);
  }, [trackUrl]);

  return { cues, load };
}
