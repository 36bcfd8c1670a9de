// Playable MP4 files of a chosen size for the upload bench, made by ffmpeg once and cached under
// the OS temp folder (keyed by size), so reruns skip the encoding.
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
 * 80 Mbit/s is 10 MB a second of 720p, which mpeg4 encodes several times faster than real time.
 */
const BITS_PER_SECOND = 80_000_000;
const BYTES_PER_SECOND = BITS_PER_SECOND / 8;

/** A cached sample of about `approximateBytes` (within a few percent), made first if missing. */
export async function sampleVideo(approximateBytes: number): Promise<{ file: string; sizeBytes: number }> {
  const file = path.join(SAMPLE_VIDEO_CACHE_DIR, `noise-720p-${approximateBytes}.mp4`);
  const cached = statSync(file, { throwIfNoEntry: false });
  if (cached) return { file, sizeBytes: cached.size };

  mkdirSync(SAMPLE_VIDEO_CACHE_DIR, { recursive: true });
  // Written under another name and renamed: an interrupted encode must not be taken for a sample.
  const partial = `${file}.${process.pid}.partial.mp4`;
  const seconds = Math.max(1, Math.round(approximateBytes / BYTES_PER_SECOND));
  const bitrate = String(BITS_PER_SECOND);
  try {
    await run(resolveFfmpegBinaries().ffmpegPath, [
      ...["-hide_banner", "-v", "error", "-y"],
      ...["-f", "lavfi", "-i", `testsrc2=duration=${seconds}:size=1280x720:rate=25,noise=alls=80:allf=t`],
      ...["-f", "lavfi", "-i", `sine=frequency=440:duration=${seconds}`],
      ...["-c:v", "mpeg4", "-b:v", bitrate, "-minrate", bitrate, "-maxrate", bitrate, "-bufsize", String(BITS_PER_SECOND / 2)],
      ...["-c:a", "aac", "-shortest", partial],
    ]);
    renameSync(partial, file);
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
  return { file, sizeBytes: statSync(file).size };
}
