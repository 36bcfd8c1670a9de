import { useEffect, useRef, useState } from "react";
import type { CourseOutlineVideoFragment } from "../../gql/graphql";
import { VideoPlayer } from "../../player/VideoPlayer";

/** A video the viewer may watch now: the API signed its playback URL for them. */
export type Playable<Video extends { playback: unknown }> = Video & { playback: NonNullable<Video["playback"]> };

type PlayableVideo = Playable<CourseOutlineVideoFragment>;

export function isPlayable<Video extends { playback: unknown }>(video: Video): video is Playable<Video> {
  return video.playback !== null;
}

interface PreviewPlayerProps {
  video: PlayableVideo;
  /** Counts the viewer's requests to play (0: none yet); each new one starts the video. */
  playRequests: number;
}

/** Why the browser would not start the video, in words for the viewer; null when nothing went wrong. */
function playFailureMessage(error: unknown): string | null {
  const name = error instanceof DOMException ? error.name : "";
  // Another video was chosen while this one was loading: the new one plays instead.
  if (name === "AbortError") return null;
  if (name === "NotAllowedError") return "Your browser did not let the video start by itself. Press the play button in the player.";
  return "This video could not be played in your browser. Try again, or try another browser.";
}

/** The free preview chosen in the outline, with the video's thumbnail until it plays. */
export function PreviewPlayer({ video, playRequests }: PreviewPlayerProps) {
  const videoRef = useRef<HTMLVideoElement>(null);
  const [failure, setFailure] = useState<string | null>(null);

  // A request comes from a click, and the browser lets a page start a video for a few seconds
  // after one, so this runs after the chosen video's element is in place.
  useEffect(() => {
    const element = videoRef.current;
    if (playRequests === 0 || !element) return;
    setFailure(null);
    element.play().catch((error: unknown) => setFailure(playFailureMessage(error)));
  }, [playRequests, video.id]);

  return (
    <figure className="preview-player">
      <VideoPlayer
        key={video.id}
        videoId={video.id}
        label={`Preview: ${video.title}`}
        source={video.playback}
        posterUrl={video.playback.posterUrl ?? video.thumbnailUrl}
        thumbnailsVttUrl={video.playback.thumbnailsVttUrl ?? null}
        videoRef={videoRef}
        onPlaying={() => setFailure(null)}
      />
      <figcaption className="muted">Free preview: {video.title}</figcaption>
      {failure && (
        <p className="alert alert-error" role="alert">
          {failure}
        </p>
      )}
    </figure>
  );
}
