import { useEffect, useRef, type RefObject } from "react";
import { isRestoringSource, takeRestoringPlay } from "../player/sourceRestore";
import { deliverAnalyticsEvents, sendAnalyticsEventsBeforeLeaving, trackEvent, type PlayerEvent } from "./analyticsEvents";

/** A heartbeat every this much of playback: the API counts a viewer active for a minute after one. */
const HEARTBEAT_MS = 15_000;
/** Seeks this close together are one (the browser's bar seeks many times while it is dragged). */
const SEEK_SETTLE_MS = 400;
/** A move shorter than this is the player's (hls.js stepping over a gap in the stream), not the learner's. */
const SMALLEST_SEEK_SECONDS = 0.5;

/**
 * The API refuses positions beyond the video's duration: the element's may pass the API's by a
 * fraction of a second.
 */
function clampedPosition(seconds: number, durationSeconds: number | null): number {
  const position = Math.round(seconds * 10) / 10;
  return durationSeconds === null ? position : Math.min(position, durationSeconds);
}

/**
 * Delivers the learner's waiting analytics events now and when the connection comes back, and
 * sends them as `keepalive` requests when the page is hidden or closed.
 */
export function useAnalyticsDelivery(userId: string | undefined): void {
  useEffect(() => {
    if (!userId) return;
    const deliver = () => void deliverAnalyticsEvents(userId);
    const sendBeforeLeaving = () => sendAnalyticsEventsBeforeLeaving(userId);
    const sendWhenHidden = () => {
      if (document.visibilityState === "hidden") sendBeforeLeaving();
    };
    deliver();
    window.addEventListener("online", deliver);
    document.addEventListener("visibilitychange", sendWhenHidden);
    window.addEventListener("pagehide", sendBeforeLeaving);
    return () => {
      window.removeEventListener("online", deliver);
      document.removeEventListener("visibilitychange", sendWhenHidden);
      window.removeEventListener("pagehide", sendBeforeLeaving);
    };
  }, [userId]);
}

/** COURSE_VIEW once each time the learner opens the course's player. */
export function useCourseView(userId: string | undefined, courseId: string, enrolled: boolean): void {
  useEffect(() => {
    if (userId && enrolled) trackEvent(userId, { type: "COURSE_VIEW", courseId });
  }, [userId, courseId, enrolled]);
}

interface PlayerAnalyticsTarget {
  userId: string;
  courseId: string;
  videoId: string;
  durationSeconds: number | null;
  /** Where the player starts: moving there is not the learner seeking. */
  startPositionSeconds: number;
}

/**
 * Tracks what the learner does with the video in the element: its loading (once per mount), play,
 * pause, seek (with where it started), rate change, a heartbeat every 15 s of playback, and the end.
 */
export function usePlayerAnalytics(videoRef: RefObject<HTMLVideoElement | null>, target: PlayerAnalyticsTarget): void {
  const { userId, courseId, videoId, durationSeconds, startPositionSeconds } = target;
  // A renewed source loads again: still the one video the learner opened.
  const initialized = useRef(false);
  useEffect(() => {
    const element = videoRef.current;
    if (!element) return;
    const track = (event: Omit<PlayerEvent, "courseId" | "videoId" | "positionSeconds">, position = element.currentTime) =>
      trackEvent(userId, { ...event, courseId, videoId, positionSeconds: clampedPosition(position, durationSeconds) });

    // Where the video was before a seek began: `seeking` fires with the new position already set.
    let settledPosition = startPositionSeconds;
    let seekOrigin: number | null = null;
    // Where the seek landed, read when it did: by the time the seek settles the video plays on.
    let seekTarget = startPositionSeconds;
    let seekTimer: ReturnType<typeof setTimeout> | undefined;
    let startedPlaying = false;

    let playedMs = 0;
    let playingSince: number | null = null;
    let heartbeatTimer: ReturnType<typeof setTimeout> | undefined;
    const beat = () => {
      track({ type: "VIDEO_HEARTBEAT" });
      playedMs = 0;
      playingSince = Date.now();
      heartbeatTimer = setTimeout(beat, HEARTBEAT_MS);
    };
    const countPlayback = () => {
      if (playingSince === null) return;
      playedMs += Date.now() - playingSince;
      playingSince = null;
      clearTimeout(heartbeatTimer);
    };

    // A renewed source is put back where the video was, playing again if it was: not the learner's doing.
    const restoring = () => isRestoringSource(element);

    // Whether this spell of playing has been counted. A source swap can discard the `play` event of
    // a press of play, still queued, since the media element's load drops the events it has queued
    // (a press just before the swap, or between the old source's removal and the new one's arrival):
    // the spell's first `playing` then counts it. The restore's own play is not the learner's, but
    // when it carries on a press that was never counted, its `playing` counts that press.
    let playAnnounced = !element.paused;
    const countPlay = () => {
      startedPlaying = true;
      track({ type: "VIDEO_PLAY", playbackRate: element.playbackRate });
    };
    const onPlay = () => {
      if (takeRestoringPlay(element)) return;
      playAnnounced = true;
      countPlay();
    };
    const onPlaying = () => {
      if (!playAnnounced) {
        playAnnounced = true;
        countPlay();
      }
      if (playingSince !== null) return;
      playingSince = Date.now();
      heartbeatTimer = setTimeout(beat, Math.max(0, HEARTBEAT_MS - playedMs));
    };
    const onPause = () => {
      playAnnounced = false;
      countPlayback();
      // The end pauses the video too: VIDEO_ENDED says it.
      if (!element.ended) track({ type: "VIDEO_PAUSE" });
    };
    const onEnded = () => {
      countPlayback();
      track({ type: "VIDEO_ENDED" });
    };
    const onTimeUpdate = () => {
      if (!element.seeking && seekOrigin === null && !restoring()) settledPosition = element.currentTime;
    };
    const reportSeek = () => {
      clearTimeout(seekTimer);
      seekTimer = undefined;
      const from = seekOrigin;
      seekOrigin = null;
      if (from === null) return;
      const resuming = !startedPlaying && Math.abs(seekTarget - startPositionSeconds) < SMALLEST_SEEK_SECONDS;
      if (resuming || Math.abs(seekTarget - from) < SMALLEST_SEEK_SECONDS) return;
      track({ type: "VIDEO_SEEK", fromPositionSeconds: clampedPosition(from, durationSeconds) }, seekTarget);
    };
    const onSeeking = () => {
      if (restoring()) return;
      clearTimeout(seekTimer);
      if (seekOrigin === null) seekOrigin = settledPosition;
    };
    const onSeeked = () => {
      if (restoring()) return;
      clearTimeout(seekTimer);
      seekTarget = element.currentTime;
      settledPosition = seekTarget;
      seekTimer = setTimeout(reportSeek, SEEK_SETTLE_MS);
    };
    // A seek still settling when the learner leaves the lesson or the page is theirs all the same.
    const reportSettlingSeek = () => {
      if (seekTimer !== undefined) reportSeek();
    };
    const onRateChange = () => track({ type: "VIDEO_RATE_CHANGE", playbackRate: element.playbackRate });
    const onLoadedMetadata = () => {
      if (initialized.current) return;
      initialized.current = true;
      track({ type: "VIDEO_INITIALIZED" }, startPositionSeconds);
    };
    if (element.readyState >= HTMLMediaElement.HAVE_METADATA) onLoadedMetadata();

    const listeners: [string, () => void][] = [
      ["play", onPlay],
      ["playing", onPlaying],
      ["waiting", countPlayback],
      ["pause", onPause],
      ["ended", onEnded],
      ["timeupdate", onTimeUpdate],
      ["seeking", onSeeking],
      ["seeked", onSeeked],
      ["ratechange", onRateChange],
      ["loadedmetadata", onLoadedMetadata],
    ];
    for (const [name, listener] of listeners) element.addEventListener(name, listener);
    window.addEventListener("pagehide", reportSettlingSeek);
    return () => {
      for (const [name, listener] of listeners) element.removeEventListener(name, listener);
      window.removeEventListener("pagehide", reportSettlingSeek);
      clearTimeout(heartbeatTimer);
      reportSettlingSeek();
    };
  }, [videoRef, userId, courseId, videoId, durationSeconds, startPositionSeconds]);
}
