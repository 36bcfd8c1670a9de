import { useEffect, useState, type RefObject } from "react";
import { deliverProgressReports, queueProgressReport, sendProgressReportsBeforeLeaving } from "./progressReports";
import { SOURCE_RENEWAL_EVENT } from "../player/sourceRestore";
import { playedRanges } from "./watchedRanges";

/** How often a playing video reports. */
const REPORT_INTERVAL_MS = 10_000;

/**
 * Delivers the learner's waiting reports now and whenever the connection comes back; answers a
 * refusal to show (a report the API will never record), null when all is well.
 */
export function useProgressDelivery(userId: string | undefined): string | null {
  const [refusal, setRefusal] = useState<string | null>(null);
  useEffect(() => {
    if (!userId) return;
    let active = true;
    const deliver = () =>
      void deliverProgressReports(userId).then((outcome) => {
        if (active && outcome.refusal) setRefusal(outcome.refusal);
      });
    deliver();
    window.addEventListener("online", deliver);
    return () => {
      active = false;
      window.removeEventListener("online", deliver);
    };
  }, [userId]);
  return refusal;
}

/**
 * Reports what the learner watches of the video in the element: every 10 s of playback, and on
 * pause, seek, end, a renewed source (which starts `played` afresh), leaving the video and the
 * page being hidden (then as `keepalive` requests, so closing the tab loses nothing). Ranges come from the element's `played`, so skipping ahead
 * counts nothing; the resume position is where the video is.
 */
export function useProgressReports(
  videoRef: RefObject<HTMLVideoElement | null>,
  videoId: string,
  userId: string,
  startPositionSeconds: number,
): void {
  useEffect(() => {
    const element = videoRef.current;
    if (!element) return;
    // Moving to the resume position is no news: only what differs from the last report is sent.
    let lastReport = JSON.stringify({ position: startPositionSeconds.toFixed(1), ranges: [] });
    let timer: ReturnType<typeof setInterval> | undefined;

    const queue = (): boolean => {
      const watchedRanges = playedRanges(element);
      const report = JSON.stringify({ position: element.currentTime.toFixed(1), ranges: watchedRanges });
      if (report === lastReport) return false;
      lastReport = report;
      queueProgressReport(userId, {
        videoId,
        positionSeconds: element.currentTime,
        watchedRanges,
        clientTimestamp: new Date().toISOString(),
      });
      return true;
    };
    const report = () => {
      if (queue()) void deliverProgressReports(userId);
    };
    const startReporting = () => {
      clearInterval(timer);
      timer = setInterval(report, REPORT_INTERVAL_MS);
    };
    const stopReporting = () => {
      clearInterval(timer);
      report();
    };
    const reportBeforeLeaving = () => {
      queue();
      sendProgressReportsBeforeLeaving(userId);
    };
    const reportWhenHidden = () => {
      if (document.visibilityState === "hidden") reportBeforeLeaving();
    };

    element.addEventListener("playing", startReporting);
    element.addEventListener("pause", stopReporting);
    element.addEventListener("ended", stopReporting);
    element.addEventListener("seeked", report);
    element.addEventListener(SOURCE_RENEWAL_EVENT, report);
    document.addEventListener("visibilitychange", reportWhenHidden);
    window.addEventListener("pagehide", reportBeforeLeaving);
    return () => {
      element.removeEventListener("playing", startReporting);
      element.removeEventListener("pause", stopReporting);
      element.removeEventListener("ended", stopReporting);
      element.removeEventListener("seeked", report);
      element.removeEventListener(SOURCE_RENEWAL_EVENT, report);
      document.removeEventListener("visibilitychange", reportWhenHidden);
      window.removeEventListener("pagehide", reportBeforeLeaving);
      // Another video or another page: what was watched of this one goes too.
      stopReporting();
    };
  }, [videoRef, videoId, userId, startPositionSeconds]);
}
