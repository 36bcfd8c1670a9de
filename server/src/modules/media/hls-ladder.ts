// The HLS rendition ladder: which renditions a video gets, and the one ffmpeg run that makes them all.
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { resolveFfmpegBinaries, runFfmpeg, toolSafePath, type ProcessingOptions, type VideoProbe } from "./video-processing.ts";

export interface Rendition {
  width: number;
  height: number;
  /** Peak bits per second of video and audio together, as the master playlist announces it. */
  bandwidth: number;
}

export const MASTER_PLAYLIST = "master.m3u8";
/** Rungs by the picture's shorter side; the source's own is added up to the highest. */
const LADDER_SHORT_SIDES = [360, 720];
const HIGHEST_SHORT_SIDE = 1080;
const SEGMENT_SECONDS = 4;
/** Two keyframes per segment, at the same instants in every rendition, so players can switch at any segment. */
const KEYFRAME_SECONDS = 2;
const DEFAULT_FRAME_RATE = 30;
/** H.264 at veryfast looks right at about this many bits per pixel and frame. */
const BITS_PER_PIXEL_FRAME = 0.08;
const AUDIO_BITRATE = 128_000;
/** maxrate over the average: room for hard scenes without breaking the announced bandwidth much. */
const PEAK_OVER_AVERAGE = 1.1;

/**
 * Lowest first. Never upscaled; aspect kept; a portrait source is measured by its shorter side (its
 * width). None for sound without a picture: its ladder is one audio rendition.
 */
export function planLadder(probe: Pick<VideoProbe, "width" | "height" | "frameRate" | "audioCodec">): Rendition[] {
  if (probe.width === null || probe.height === null) return [];
  const portrait = probe.height > probe.width;
  const shortSide = Math.min(probe.width, probe.height);
  const longSide = Math.max(probe.width, probe.height);
  const top = Math.min(shortSide, HIGHEST_SHORT_SIDE);
  const sides = [...new Set([...LADDER_SHORT_SIDES.filter((side) => side < top), top])];
  const frameRate = Math.min(probe.frameRate ?? DEFAULT_FRAME_RATE, 60);
  return sides.map((side) => {
    const scaledLong = even((longSide * side) / shortSide);
    const [width, height] = portrait ? [even(side), scaledLong] : [scaledLong, even(side)];
    return { width, height, bandwidth: bandwidthOf(videoBitrate(width, height, frameRate), probe.audioCodec !== null) };
  });
}

export interface LadderRun extends ProcessingOptions {
  /** 0-100, from ffmpeg's progress reports against the source's duration. */
  onPercent?: (percent: number) => void;
  /** The folder number of `ladder`'s first rendition, when the ladder is made in parts: its place in the whole. */
  firstIndex?: number;
}

/**
 * Encodes the renditions of `ladder` in one ffmpeg run (the source is decoded once) into `outputDir`:
 * master.m3u8, and <firstIndex + n>/index.m3u8 with its segments for rendition n of `ladder`; for an
 * empty ladder (sound alone), 0/index.m3u8 with the sound. Runs over parts of a ladder make the same
 * keyframes and segments as one run over all of it.
 */
export async function transcodeLadder(source: string, outputDir: string, probe: VideoProbe, ladder: Rendition[], run: LadderRun = {}): Promise<void> {
  const { ffmpegPath } = run.binaries ?? resolveFfmpegBinaries();
  const input = toolSafePath(source);
  const dir = toolSafePath(outputDir);
  const hasAudio = probe.audioCodec !== null;
  const audioOnly = ladder.length === 0;
  const firstIndex = run.firstIndex ?? 0;
  await Promise.all(Array.from({ length: Math.max(1, ladder.length) }, (_, i) => mkdir(path.join(dir, String(firstIndex + i)), { recursive: true })));
  // "name:" is what ffmpeg puts for %v in the paths (and the master playlist), instead of the index in this run.
  const streamMap = audioOnly ? "a:0" : ladder.map((_, i) => `${hasAudio ? `v:${i},a:${i}` : `v:${i}`},name:${firstIndex + i}`).join(" ");
  const pictures = audioOnly ? ["-map", "0:a:0"] : pictureArguments(ladder, probe.frameRate, hasAudio);
  const args = [
    ...["-hide_banner", "-v", "error", "-nostats", "-progress", "pipe:1", "-y", "-i", input],
    ...pictures,
    ...(hasAudio ? ["-c:a", "aac", "-b:a", String(AUDIO_BITRATE), "-ac", "2", "-ar", "48000"] : []),
    ...["-f", "hls", "-hls_time", String(SEGMENT_SECONDS), "-hls_playlist_type", "vod", "-hls_flags", "independent_segments"],
    ...["-hls_segment_filename", path.join(dir, "%v", "segment_%04d.ts"), "-master_pl_name", MASTER_PLAYLIST],
    ...["-var_stream_map", streamMap, path.join(dir, "%v", "index.m3u8")],
  ];
  const progress = progressReader(probe.durationSeconds, run.onPercent);
  await runFfmpeg({ ffmpegPath, args, input, output: path.join(dir, MASTER_PLAYLIST), failure: "cannot transcode the video", options: run, onStdout: progress });
}

/** `master` with the variants of `more` (a master playlist of the ladder's other renditions) after its own. */
export function joinMasterPlaylists(master: string, more: string): string {
  const header = /^#(EXTM3U|EXT-X-VERSION|EXT-X-INDEPENDENT-SEGMENTS)\b/;
  const variants = more.split("\n").filter((line) => !header.test(line.trim()));
  return `${master.trimEnd()}\n\n${variants.join("\n").trim()}\n`;
}

/** One scaled copy of the decoded picture per rendition, each with its own bitrate, keyframes at the same instants in all. */
function pictureArguments(ladder: Rendition[], sourceFrameRate: number | null, hasAudio: boolean): string[] {
  const frameRate = Math.min(sourceFrameRate ?? DEFAULT_FRAME_RATE, 60);
  const keyframeInterval = String(Math.max(1, Math.round(frameRate * KEYFRAME_SECONDS)));
  const split = `[0:v:0]split=${ladder.length}${ladder.map((_, i) => `[in${i}]`).join("")}`;
  const scales = ladder.map(({ width, height }, i) => `[in${i}]scale=${width}:${height},setsar=1,format=yuv420p[out${i}]`);
  const perRendition = ladder.flatMap(({ width, height }, i) => {
    const bitrate = videoBitrate(width, height, frameRate);
    return [
      ...["-map", `[out${i}]`, `-b:v:${i}`, String(bitrate)],
      ...[`-maxrate:v:${i}`, String(Math.round(bitrate * PEAK_OVER_AVERAGE)), `-bufsize:v:${i}`, String(bitrate * 2)],
      ...(hasAudio ? ["-map", "0:a:0"] : []),
    ];
  });
  return [
    ...["-filter_complex", [split, ...scales].join(";")],
    ...perRendition,
    ...["-c:v", "libx264", "-preset", "veryfast", "-profile:v", "high", "-r", String(frameRate)],
    ...["-g", keyframeInterval, "-keyint_min", keyframeInterval, "-sc_threshold", "0"],
    ...["-force_key_frames", `expr:gte(t,n_forced*${KEYFRAME_SECONDS})`],
  ];
}

/** ffmpeg's -progress output comes as key=value lines, out_time_us among them, in chunks cut anywhere. */
function progressReader(durationSeconds: number, onPercent: ((percent: number) => void) | undefined): (text: string) => void {
  let pending = "";
  return (text) => {
    const lines = (pending + text).split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) {
      const match = /^out_time_us=(\d+)/.exec(line.trim());
      if (!match || !onPercent) continue;
      const percent = Math.floor((Number(match[1]) / 1e6 / durationSeconds) * 100);
      onPercent(Math.max(0, Math.min(99, percent)));
    }
  };
}

function videoBitrate(width: number, height: number, frameRate: number): number {
  return Math.round(width * height * frameRate * BITS_PER_PIXEL_FRAME);
}

function bandwidthOf(videoBits: number, hasAudio: boolean): number {
  return Math.round(videoBits * PEAK_OVER_AVERAGE) + (hasAudio ? AUDIO_BITRATE : 0);
}

/** H.264 in 4:2:0 needs even dimensions. */
function even(value: number): number {
  return Math.max(2, Math.round(value / 2) * 2);
}
