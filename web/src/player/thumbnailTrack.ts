// The seek previews' WebVTT track: each cue names a region of a sprite of thumbnails
// (`<image URL>#xywh=x,y,w,h`, the media-fragment form Vidstack, JW Player and Video.js read).

export interface ThumbnailCue {
  startSeconds: number;
  endSeconds: number;
  /** Absolute: resolved against the track's own URL. */
  imageUrl: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

const TIMING = /^((?:\d+:)?\d{1,2}:\d{2}\.\d{3})\s+-->\s+((?:\d+:)?\d{1,2}:\d{2}\.\d{3})/;
const REGION = /^(\S+)#xywh=(\d+),(\d+),(\d+),(\d+)$/;

function secondsOf(timestamp: string): number {
  return timestamp.split(":").reduce((total, part) => total * 60 + Number(part), 0);
}

/**
 * The track's cues in order. An image URL resolves against the track's URL, so a relative one
 * keeps what signs the track: a CDN's directory token lives in the path beside it. A URL the
 * server already signed (an absolute one) stays as it is.
 */
export function parseThumbnailTrack(text: string, trackUrl: string): ThumbnailCue[] {
  const lines = text.split(/\r\n|\r|\n/).map((line) => line.trim());
  const cues: ThumbnailCue[] = [];
  lines.forEach((line, index) => {
    const timing = TIMING.exec(line);
    const region = timing && REGION.exec(lines[index + 1] ?? "");
    if (!timing || !region) return;
    cues.push({
      startSeconds: secondsOf(timing[1]!),
      endSeconds: secondsOf(timing[2]!),
      imageUrl: new URL(region[1]!, trackUrl).href,
      x: Number(region[2]),
      y: Number(region[3]),
      width: Number(region[4]),
      height: Number(region[5]),
    });
  });
  return cues;
}

/** The cue showing at `seconds`; past the last cue's end (the video's very end), the last one. */
export function thumbnailAt(cues: readonly ThumbnailCue[], seconds: number): ThumbnailCue | null {
  const last = cues.at(-1);
  if (last && seconds >= last.endSeconds) return last;
  return cues.find((cue) => seconds >= cue.startSeconds && seconds < cue.endSeconds) ?? null;
}
