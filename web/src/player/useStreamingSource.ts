import { useEffect, useRef, useState, type RefObject } from "react";
import type Hls from "hls.js";
import { restoreSourceAfterSwap } from "./sourceRestore";

/** What the API signed for the viewer: the progressive file always, the HLS master playlist once it exists. */
export interface PlaybackSource {
  url: string;
  mimeType: string;
  hlsUrl?: string | null;
  /** When the signed URLs lapse. */
  expiresAt: string;
}

/** A rendition hls.js may play, as the quality menu names it. */
export interface Rendition {
  /** hls.js's level index. */
  index: number;
  height: number;
  bandwidth: number;
}

export interface Streaming {
  /** The renditions the learner may pick from; empty when the browser picks (progressive or native HLS) or for sound alone. */
  renditions: Rendition[];
  /** The chosen rendition's index, or "auto" for hls.js's choice by bandwidth. */
  chosen: number | "auto";
  /** What "auto" plays now, to say so in the menu. */
  playingIndex: number | null;
  choose: (choice: number | "auto") => void;
}

const HLS_MIME_TYPE = "application/vnd.apple.mpegurl";
/** What a store answers to a signed URL past its expiry (or one it no longer honours). */
const REFUSED_STATUSES = new Set([401, 403, 410]);

/** Whether hls.js can feed the element: Media Source Extensions, or Safari's managed kind. */
function hasMediaSource(): boolean {
  return "MediaSource" in window || "ManagedMediaSource" in window;
}

/**
 * Plays the HLS playlist through hls.js wherever it can feed the element (loaded only then: its
 * chunk weighs most of a first visit's budget), natively where it cannot (an iPhone before iOS
 * 17.1), and the progressive file when there is no playlist yet or the browser plays neither.
 * hls.js even where the browser plays HLS itself (Safari, and Chromium since 2025): only through
 * it can the learner pick a rendition. Without a playlist the element's own `<source>` plays the
 * file.
 *
 * A new source (the same video's URLs signed afresh, or `reloads` counting up) replaces the old
 * one where the video is, playing if it was, with the same rendition chosen. `onLoadFailed` hears
 * of a load refused (the signed URLs expired, say) or any other failure that stops the video.
 */
export function useStreamingSource(
  videoRef: RefObject<HTMLVideoElement | null>,
  source: PlaybackSource,
  reloads: number,
  onLoadFailed: () => void,
): Streaming {
  const { url, hlsUrl } = source;
  const [hls, setHls] = useState<Hls | null>(null);
  const [renditions, setRenditions] = useState<Rendition[]>([]);
  const [chosen, setChosen] = useState<number | "auto">("auto");
  const [playingIndex, setPlayingIndex] = useState<number | null>(null);
  const mounted = useRef(false);
  /** Where the replaced source was, for the next one to start at; null for the first source. */
  const swappedAt = useRef<number | null>(null);
  const chosenRef = useRef(chosen);
  chosenRef.current = chosen;
  const onLoadFailedRef = useRef(onLoadFailed);
  onLoadFailedRef.current = onLoadFailed;

  // Declared before the source's effect, so that on unmount its cleanup runs first: leaving is no swap.
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  // A `<source>` child that cannot load reports it on itself, not on the element: caught on the way down.
  useEffect(() => {
    const element = videoRef.current;
    if (!element) return;
    const failed = () => onLoadFailedRef.current();
    element.addEventListener("error", failed, true);
    return () => element.removeEventListener("error", failed, true);
  }, [videoRef]);

  useEffect(() => {
    const element = videoRef.current;
    if (!element) return;
    const startAt = swappedAt.current;
    swappedAt.current = null;
    const swapOnCleanup = () => {
      if (mounted.current) swappedAt.current = restoreSourceAfterSwap(element) ?? -1;
    };
    if (!hlsUrl) {
      // The `<source>` child's new URL is read only by a new load.
      if (startAt !== null) element.load();
      return swapOnCleanup;
    }
    const nativeHls = element.canPlayType(HLS_MIME_TYPE) !== "";
    if (nativeHls && !hasMediaSource()) {
      element.src = hlsUrl;
      return swapOnCleanup;
    }
    let cancelled = false;
    let instance: Hls | null = null;
    void import("hls.js").then(({ default: HlsPlayer }) => {
      if (cancelled) return;
      if (!HlsPlayer.isSupported()) {
        element.src = nativeHls ? hlsUrl : url;
        return;
      }
      const chosenLevel = chosenRef.current === "auto" ? -1 : chosenRef.current;
      // Its worker would start from a blob: script, which the Content-Security-Policy refuses.
      const player = new HlsPlayer({ enableWorker: false, startPosition: startAt ?? -1, startLevel: chosenLevel });
      instance = player;
      player.on(HlsPlayer.Events.ERROR, (_event, data) => {
        const refused = data.type === HlsPlayer.ErrorTypes.NETWORK_ERROR && REFUSED_STATUSES.has(data.response?.code ?? 0);
        if (refused || data.fatal) onLoadFailedRef.current();
      });
      player.on(HlsPlayer.Events.MANIFEST_PARSED, (_event, data) => {
        // The rendition the learner chose for the replaced source holds for this one.
        if (chosenLevel !== -1) player.loadLevel = chosenLevel;
        setRenditions(
          data.levels
            .map((level, index) => ({ index, height: level.height, bandwidth: level.bitrate }))
            // Sound alone has one rendition without a picture: nothing to choose between.
            .filter((rendition) => rendition.height > 0)
            .sort((a, b) => b.height - a.height),
        );
      });
      player.on(HlsPlayer.Events.LEVEL_SWITCHED, (_event, data) => setPlayingIndex(data.level));
      player.loadSource(hlsUrl);
      player.attachMedia(element);
      setHls(player);
    });
    return () => {
      swapOnCleanup();
      cancelled = true;
      instance?.destroy();
      // The renditions and the learner's choice stay: a renewed source is the same video's.
      setHls(null);
    };
  }, [videoRef, url, hlsUrl, reloads]);

  const choose = (choice: number | "auto") => {
    if (!hls) return;
    // From the next segment on: the one playing finishes, so the picture does not stall.
    hls.nextLevel = choice === "auto" ? -1 : choice;
    setChosen(choice);
  };
  return { renditions, chosen, playingIndex, choose };
}
