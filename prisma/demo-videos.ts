// Short, playable clips for the demo course, made at first start by the ffmpeg the project ships
// (test patterns and a tone: no font needed), with WebVTT transcripts that say what they show.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { resolveFfmpegBinaries } from "../server/src/modules/media/index.ts";

const run = promisify(execFile);

export interface DemoClip {
  /** A lavfi video source, e.g. "testsrc2". */
  pattern: string;
  seconds: number;
  toneHz: number;
  /** Cues of the transcript, in order, spread evenly over the clip. */
  lines: string[];
}

// Tiny on purpose: seeding stays a matter of seconds on a small machine.
const SIZE = "320x180";
const FRAME_RATE = 15;

/** Writes the clip as an H.264/AAC MP4, the format most uploads have. */
export async function makeDemoClip(clip: DemoClip, outputPath: string): Promise<void> {
  const { ffmpegPath } = resolveFfmpegBinaries();
  const { pattern, seconds, toneHz } = clip;
  await run(ffmpegPath, [
    ...["-hide_banner", "-v", "error", "-y"],
    ...["-f", "lavfi", "-i", `${pattern}=size=${SIZE}:rate=${FRAME_RATE}:duration=${seconds}`],
    ...["-f", "lavfi", "-i", `sine=frequency=${toneHz}:sample_rate=44100:duration=${seconds}`],
    ...["-c:v", "libx264", "-preset", "ultrafast", "-crf", "32", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "48k", "-shortest"],
    path.resolve(outputPath),
  ]);
}

export function demoTranscript({ seconds, lines }: DemoClip): string {
  const step = seconds / lines.length;
  const cues = lines.map((line, index) => `${index + 1}\n${timestamp(index * step)} --> ${timestamp((index + 1) * step)}\n${line}`);
  return ["WEBVTT", ...cues].join("\n\n") + "\n";
}

function timestamp(totalSeconds: number): string {
  const millis = Math.round(totalSeconds * 1000);
  const [hours, minutes, seconds, rest] = [Math.floor(millis / 3_600_000), Math.floor(millis / 60_000) % 60, Math.floor(millis / 1000) % 60, millis % 1000];
  return `${String(hours).padStart(2, "0")}:${String(minutes).padStart(2, "0")}:${String(seconds).padStart(2, "0")}.${String(rest).padStart(3, "0")}`;
}
