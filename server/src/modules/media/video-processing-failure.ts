// Why a video could not be processed, in two registers: a sentence the uploader can act on, kept
// on the video for its instructors, and the tools' own words, kept for the logs and admins.

/**
 * What was wrong with the file: `unreadable`, no container or codec we know; `damaged`, a video
 * whose data ends early or does not decode (an interrupted export or copy); `no-video-stream`,
 * data with neither pictures nor sound (sound alone plays, as an audio-only lesson).
 */
export type FileFailureKind = "unreadable" | "damaged" | "no-video-stream";

/** A failure not caused by the file: the server could not finish processing it. */
export type VideoFailureKind = FileFailureKind | "not-finished";

const REASONS: Record<VideoFailureKind, string> = {
  unreadable: "This file is not a video we can read. Export it as MP4 (H.264/AAC) and upload again.",
  damaged: "This video file is incomplete or damaged. Export it again as MP4 (H.264/AAC) and upload the new file.",
  "no-video-stream": "This file has neither picture nor sound. Upload a video file, for example an MP4 (H.264/AAC).",
  "not-finished": "We could not finish processing this video. Upload the file again; if it fails again, try again later.",
};

export interface VideoFailure {
  /** For the course's instructors: what happened and what to do, in plain words. */
  reason: string;
  /** For the logs and admins: ffprobe's or ffmpeg's words, or the error that stopped processing. */
  detail: string;
}

export function videoFailure(kind: VideoFailureKind, detail: string): VideoFailure {
  return { reason: REASONS[kind], detail };
}

/** The bytes probeFailureKind looks at. */
export const CONTAINER_SIGNATURE_BYTES = 12;

/**
 * The kind of a file ffprobe refused, from its first bytes: one that starts as a video container
 * does (an MP4 or QuickTime "ftyp" box, Matroska's or WebM's EBML header) was cut short or broken
 * on its way; anything else is not a video we can read. ffprobe's words cannot tell them apart: a
 * text file named .mp4 and an MP4 cut in half both answer "moov atom not found".
 */
export function probeFailureKind(fileStart: Buffer): FileFailureKind {
  const isMp4 = fileStart.length >= 8 && fileStart.toString("latin1", 4, 8) === "ftyp";
  const isMatroska = fileStart.length >= 4 && fileStart.readUInt32BE(0) === 0x1a45dfa3;
  return isMp4 || isMatroska ? "damaged" : "unreadable";
}
