import { useApolloClient } from "@apollo/client/react";
import { useCallback, useEffect, useRef, useState, type RefObject } from "react";
import { RenewedPlaybackDocument } from "../gql/graphql";

/** Renew this long before the URLs lapse, at most: a fifth of their life when that is shorter. */
const RENEW_AHEAD_MS = 5 * 60_000;

export interface PlaybackRenewal {
  /** Counts the learner's requests to load the video again, for the player to replace its source. */
  reloads: number;
  /** Whether loading failed even with URLs signed afresh: the player says so and offers `reload`. */
  failed: boolean;
  /** Tell of a load refused or failed: the first time, the URLs are signed afresh; again before the video played on, it has failed. */
  loadFailed: () => void;
  reload: () => void;
}

/**
 * Keeps the video's signed URLs (`expiresAt` is when they lapse) valid while the player is open:
 * signs them afresh shortly before they lapse, at once when the page comes back into view past
 * that moment (a hidden page's timers run late), and once when a load is refused anyway (a clock
 * off, a laptop asleep). The answer goes into the cache, from which the player takes its new source.
 */
export function usePlaybackRenewal(
  videoRef: RefObject<HTMLVideoElement | null>,
  videoId: string,
  expiresAt: string | null,
): PlaybackRenewal {
  const client = useApolloClient();
  const pending = useRef<Promise<boolean> | null>(null);
  /** The expiry of the source whose load failed, while its renewal is tried; null once the video can play again. */
  const recovering = useRef<string | null>(null);
  const currentExpiry = useRef(expiresAt);
  currentExpiry.current = expiresAt;
  const [failed, setFailed] = useState(false);
  const [reloads, setReloads] = useState(0);

  const renew = useCallback((): Promise<boolean> => {
    if (pending.current) return pending.current;
    const renewal = client
      .query({ query: RenewedPlaybackDocument, variables: { id: videoId }, fetchPolicy: "network-only" })
      .then((answer) => Boolean(answer.data?.video?.playback))
      .catch(() => false)
      .finally(() => (pending.current = null));
    pending.current = renewal;
    return renewal;
  }, [client, videoId]);

  useEffect(() => {
    if (!expiresAt) return;
    const lapses = Date.parse(expiresAt);
    const renewAt = lapses - Math.min(RENEW_AHEAD_MS, (lapses - Date.now()) / 5);
    const timer = setTimeout(() => void renew(), Math.max(0, renewAt - Date.now()));
    const renewWhenShownLate = () => {
      if (document.visibilityState === "visible" && Date.now() >= renewAt) void renew();
    };
    document.addEventListener("visibilitychange", renewWhenShownLate);
    return () => {
      clearTimeout(timer);
      document.removeEventListener("visibilitychange", renewWhenShownLate);
    };
  }, [expiresAt, renew]);

  useEffect(() => {
    const element = videoRef.current;
    if (!element) return;
    const playable = () => {
      recovering.current = null;
    };
    element.addEventListener("canplay", playable);
    return () => element.removeEventListener("canplay", playable);
  }, [videoRef]);

  const loadFailed = useCallback(() => {
    // Several requests refused at once are one failure.
    if (pending.current) return;
    if (recovering.current !== null) {
      // Until the renewed source replaces it, the refused one may report more refusals.
      if (recovering.current !== currentExpiry.current) setFailed(true);
      return;
    }
    recovering.current = currentExpiry.current;
    void renew().then((renewed) => {
      if (!renewed) setFailed(true);
    });
  }, [renew]);

  const reload = useCallback(() => {
    setFailed(false);
    recovering.current = currentExpiry.current;
    void renew().then((renewed) => {
      if (renewed) setReloads((count) => count + 1);
      else setFailed(true);
    });
  }, [renew]);

  return { reloads, failed, loadFailed, reload };
}
