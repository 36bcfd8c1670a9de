import { useId } from "react";
import type { VideoStatus, VideoStreamingProgressFragment } from "../../gql/graphql";

interface VideoStreamingStatusProps {
  status: VideoStatus;
  streaming: VideoStreamingProgressFragment;
}

/** A rendition's quality as players name it: by the short side, so a portrait 1080×1920 is 1080p too. */
function qualityName(rendition: { width: number; height: number }): string {
  return `${Math.min(rendition.width, rendition.height)}p`;
}

/**
 * The adaptive-streaming ladder made in the background after processing: its progress while
 * ffmpeg works (a READY video plays its single file meanwhile), then the qualities learners get.
 */
export function VideoStreamingStatus({ status, streaming }: VideoStreamingStatusProps) {
  const progressId = useId();
  const percent = streaming.processingPercent;
  if (percent !== null) {
    const label = `Preparing adaptive streaming: ${percent} %`;
    return (
      <div className="upload-control">
        <label htmlFor={progressId} className="upload-label">
          {label}
        </label>
        <progress id={progressId} className="upload-progress" max={100} value={percent}>
          {percent} %
        </progress>
      </div>
    );
  }
  const qualities = [...new Set(streaming.playback?.renditions.map(qualityName) ?? [])];
  if (status !== "READY" || qualities.length === 0) return null;
  return <span className="muted">Streams in {qualities.join(", ")}</span>;
}
