// The kinds of files instructors send, made by ffmpeg from its test pattern and a tone: one recipe
// each, shared by the ladder's tests and the journeys that play them in a browser.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { resolveFfmpegBinaries } from "./video-processing.ts";

const run = promisify(execFile);

export interface VideoFormat {
  extension: string;
  /** What a browser announces for the upload. */
  contentType: string;
  /** ffmpeg's arguments for the picture; null for sound alone. */
  video: string[] | null;
  /** ffmpeg's arguments for the sound. */
  audio: string[];
  /** Sound alone with a cover picture, as MP3s exported by music tools carry in their tags. */
  cover?: boolean;
  /** An encoder the shipped ffmpeg may lack, to check with canEncode first. */
  optionalEncoder?: string;
}

const H264 = ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"];

export const VIDEO_FORMATS = {
  "MP4/H.264": { extension: "mp4", contentType: "video/mp4", video: H264, audio: ["-c:a", "aac"] },
  "WebM/VP9": {
    extension: "webm",
    contentType: "video/webm",
    video: ["-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "200k"],
    audio: ["-c:a", "libopus"],
  },
  // Motion JPEG with PCM sound: QuickTime that no browser plays.
  "MOV/MJPEG": { extension: "mov", contentType: "video/quicktime", video: ["-c:v", "mjpeg", "-q:v", "8"], audio: ["-c:a", "pcm_s16le"] },
  "AVI/MPEG-4 Part 2": { extension: "avi", contentType: "video/x-msvideo", video: ["-c:v", "mpeg4", "-q:v", "8"], audio: ["-c:a", "libmp3lame"] },
  "MKV/HEVC": {
    extension: "mkv",
    contentType: "video/x-matroska",
    video: ["-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "log-level=error"],
    audio: ["-c:a", "aac"],
    optionalEncoder: "libx265",
  },
  // An audio-only lesson: AAC in MP4, uploaded as any MP4 is.
  "MP4/AAC audio only": { extension: "mp4", contentType: "video/mp4", video: null, audio: ["-c:a", "aac"] },
  // Audio-only lessons as sound files, each in its own container.
  "M4A/AAC": { extension: "m4a", contentType: "audio/mp4", video: null, audio: ["-c:a", "aac"] },
  MP3: { extension: "mp3", contentType: "audio/mpeg", video: null, audio: ["-c:a", "libmp3lame"], cover: true },
  "AAC (ADTS)": { extension: "aac", contentType: "audio/aac", video: null, audio: ["-c:a", "aac"] },
  "Ogg/Opus": { extension: "opus", contentType: "audio/opus", video: null, audio: ["-c:a", "libopus"] },
  // What a browser's recorder (MediaRecorder) makes.
  "WebM/Opus": { extension: "webm", contentType: "audio/webm", video: null, audio: ["-c:a", "libopus"] },
  // Uncompressed: no browser is sent it, its ladder is.
  WAV: { extension: "wav", contentType: "audio/wav", video: null, audio: ["-c:a", "pcm_s16le"] },
} satisfies Record<string, VideoFormat>;

export type VideoFormatName = keyof typeof VIDEO_FORMATS;

export interface FixtureShape {
  /** The picture's width x height. Default 320x240. */
  size?: string;
  seconds?: number;
  /** Frames per second. Default 10. */
  rate?: number;
  /** Whether a picture has sound too. Default true. */
  withAudio?: boolean;
}

/** Writes `file` in `format`: ffmpeg's test pattern, and a 440 Hz tone unless `withAudio` is false. */
export async function makeVideoFixture(file: string, format: VideoFormat, shape: FixtureShape = {}): Promise<string> {
  const { size = "320x240", seconds = 3, rate = 10, withAudio = true } = shape;
  const picture = format.video ? ["-f", "lavfi", "-i", `testsrc=duration=${seconds}:size=${size}:rate=${rate}`] : [];
  const sound = withAudio || !format.video ? ["-f", "lavfi", "-i", `sine=frequency=440:duration=${seconds}`] : [];
  // One frame, after the sound: a stream of its own that ffprobe marks as an attached picture.
  const cover = format.cover ? ["-f", "lavfi", "-i", "color=c=steelblue:size=64x64:duration=1"] : [];
  const coverOutput = ["-map", "0:a", "-map", "1:v", "-frames:v", "1", "-c:v", "mjpeg", "-disposition:v", "attached_pic"];
  await run(resolveFfmpegBinaries().ffmpegPath, [
    ...["-hide_banner", "-v", "error", "-y"],
    ...picture,
    ...sound,
    ...cover,
    ...(format.video ?? []),
    ...(sound.length > 0 ? format.audio : []),
    // -shortest would end the sound with the cover's one frame.
    ...(cover.length > 0 ? coverOutput : ["-shortest"]),
    file,
  ]);
  return file;
}

/**
 * Whether this ffmpeg can make `format` (builds differ in their encoders); when not, the reason to
 * log for the test that skips it.
 */
export async function cannotEncode(format: VideoFormat): Promise<string | null> {
  if (!format.optionalEncoder) return null;
  const { stdout } = await run(resolveFfmpegBinaries().ffmpegPath, ["-hide_banner", "-encoders"]);
  const encoder = format.optionalEncoder;
  return new RegExp(`\\b${encoder}\\b`).test(stdout) ? null : `this ffmpeg has no ${encoder} encoder to make the fixture with`;
}
