import { useRef, useState, type RefObject } from "react";
import type { PlayerVideoFragment } from "../../gql/graphql";
import { resumePositionOf } from "../../learning/courseProgress";
import { waitingReportOf } from "../../learning/progressReports";
import { usePlayerAnalytics } from "../../learning/usePlayerAnalytics";
import { useProgressReports } from "../../learning/useProgressReports";
import { VideoPlayer } from "../../player/VideoPlayer";
import type { Playable } from "../catalog/PreviewPlayer";


interface LessonPlayerProps {
  video: Playable<PlayerVideoFragment>;
  courseId: string;
  userId: string;
  /** The page's handle on the element, e.g. to seek to a cited second. */
  videoRef: RefObject<HTMLVideoElement | null>;
  /** Where a link asked to start (a citation's second), over where the learner left off. */
  startAtSeconds?: number | null;
}

/**
 * The lesson's video (mounted once per video: give it the video's id as key), starting where the
 * learner left off: the report still waiting on this device if there is one (it is newer than
 * the API's answer), else the saved position.
 */
export function LessonPlayer({ video, courseId, userId, videoRef, startAtSeconds = null }: LessonPlayerProps) {
  const [startSeconds] = useState(() => {
    if (startAtSeconds !== null) return startAtSeconds;
    const waiting = waitingReportOf(userId, video.id);
    return waiting ? waiting.positionSeconds : resumePositionOf(video.viewerProgress, video.durationSeconds);
  });
  // Only the first source starts there: a renewed one carries on where the video was.
  const resumed = useRef(false);
  useProgressReports(videoRef, video.id, userId, startSeconds);
  usePlayerAnalytics(videoRef, {
    userId,
    courseId,
    videoId: video.id,
    durationSeconds: video.durationSeconds,
    startPositionSeconds: startSeconds,
  });

  return (
    <VideoPlayer
      videoId={video.id}
      label={`Video: ${video.title}`}
      source={video.playback}
      posterUrl={video.playback.posterUrl ?? video.thumbnailUrl}
      thumbnailsVttUrl={video.playback.thumbnailsVttUrl ?? null}
      videoRef={videoRef}
      videoClassName="lesson-video"
      onLoadedMetadata={(event) => {
        if (resumed.current) return;
        resumed.current = true;
        if (startSeconds > 0 && startSeconds < event.currentTarget.duration) event.currentTarget.currentTime = startSeconds;
      }}
    />
  );
}
