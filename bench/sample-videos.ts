// Video files for the upload and transcode benches, made by ffmpeg once and cached under the OS
// temp folder (keyed by what they are), so reruns skip the encoding.
import { execFile } from "node:child_process";
import { mkdirSync, renameSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { resolveFfmpegBinaries } from "../server/src/modules/media/video-processing.ts";

const run = promisify(execFile);

export const SAMPLE_VIDEO_CACHE_DIR = path.join(os.tmpdir(), "lms-bench-upload-videos");

/**
 * Noise does not compress, so a constant bitrate gives a file of a predictable size:
 * 80 Mbit/s is 10 MB a second of 720p, which x264's fastest preset encodes faster than real time.
 */
const BITS_PER_SECOND = 80_000_000;
const BYTES_PER_SECOND = BITS_PER_SECOND / 8;

export interface SampleFile {
  file: string;
  sizeBytes: number;
}

/** The cached file named `name`, made first with ffmpeg's `args` (output last) if missing. */
async function cachedSample(name: string, args: string[]): Promise<SampleFile> {
  const file = path.join(SAMPLE_VIDEO_CACHE_DIR, name);
  const cached = statSync(file, { throwIfNoEntry: false });
  if (cached) return { file, sizeBytes: cached.size };
  mkdirSync(SAMPLE_VIDEO_CACHE_DIR, { recursive: true });
  // Written under another name and renamed: an interrupted encode must not be taken for a sample.
  const partial = `${file}.${process.pid}.partial${path.extname(file)}`;
  try {
    await run(resolveFfmpegBinaries().ffmpegPath, ["-hide_banner", "-v", "error", "-y", ...args, partial]);
    renameSync(partial, file);
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
  return { file, sizeBytes: statSync(file).size };
}

/**
 * An H.264/AAC MP4 of about `approximateBytes` (within a few percent): a file browsers play, so
 * READY is its faststart copy, which is what the upload bench measures.
 */
export function sampleVideo(approximateBytes: number): Promise<SampleFile> {
  const seconds = Math.max(1, Math.round(approximateBytes / BYTES_PER_SECOND));
  const bitrate = String(BITS_PER_SECOND);
  return cachedSample(`noise-720p-h264-${approximateBytes}.mp4`, [
    ...["-f", "lavfi", "-i", `testsrc2=duration=${seconds}:size=1280x720:rate=25,noise=alls=80:allf=t`],
    ...["-f", "lavfi", "-i", `sine=frequency=440:duration=${seconds}`],
    ...["-c:v", "libx264", "-preset", "ultrafast", "-b:v", bitrate, "-minrate", bitrate, "-maxrate", bitrate, "-bufsize", String(BITS_PER_SECOND / 2)],
    ...["-c:a", "aac", "-shortest"],
  ]);
}

/** What an instructor's recording is made of, for the transcode bench. */
export type LectureKind = "h264-1080p-mp4" | "mpeg4-720p-avi";

/**
 * A lecture-like recording of `seconds`: a moving test pattern with light grain (a camera's
 * noise, which a bare pattern lacks), and a tone. The H.264 one plays in browsers as uploaded;
 * the MPEG-4 Part 2 AVI (an old camera's or screen recorder's) plays only through the ladder.
 */
export function lectureSample(kind: LectureKind, seconds: number): Promise<SampleFile> {
  const picture = kind === "h264-1080p-mp4" ? "1920x1080:rate=30" : "1280x720:rate=25";
  const input = ["-f", "lavfi", "-i", `testsrc2=duration=${seconds}:size=${picture},noise=alls=8:allf=t`];
  const tone = ["-f", "lavfi", "-i", `sine=frequency=440:duration=${seconds}`];
  const codecs =
    kind === "h264-1080p-mp4"
      ? ["-c:v", "libx264", "-preset", "veryfast", "-b:v", "6M", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest"]
      : ["-c:v", "mpeg4", "-q:v", "4", "-c:a", "libmp3lame", "-shortest"];
  const extension = kind === "h264-1080p-mp4" ? "mp4" : "avi";
  return cachedSample(`lecture-${kind}-${seconds}s.${extension}`, [...input, ...tone, ...codecs]);
}
