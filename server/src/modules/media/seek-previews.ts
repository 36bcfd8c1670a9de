// The poster a player shows before playing, and the sprite of thumbnails with its WebVTT track for seek previews.
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { resolveFfmpegBinaries, runFfmpeg, toolSafePath, type ProcessingOptions, type VideoProbe } from "./video-processing.ts";

export const POSTER_FILE = "poster.jpg";
export const SPRITE_FILE = "thumbnails.jpg";
export const THUMBNAILS_VTT_FILE = "thumbnails.vtt";

const POSTER_MAX_WIDTH = 1280;
const POSTER_AT_FRACTION = 0.1;
const TILE_WIDTH = 160;
const SPRITE_COLUMNS = 10;
/** At most this many thumbnails, one every few seconds: a long lecture's sprite stays a few hundred kB. */
const MAX_TILES = 100;
const MIN_TILE_SECONDS = 2;

export interface SpriteLayout {
  tileSeconds: number;
  tiles: number;
  columns: number;
  tileWidth: number;
  tileHeight: number;
}

export function spriteLayout(probe: { durationSeconds: number; width: number; height: number }): SpriteLayout {
  const tileSeconds = Math.max(MIN_TILE_SECONDS, Math.ceil(probe.durationSeconds / MAX_TILES));
  const tiles = Math.max(1, Math.ceil(probe.durationSeconds / tileSeconds));
  const tileHeight = Math.max(2, Math.round((TILE_WIDTH * probe.height) / probe.width / 2) * 2);
  return { tileSeconds, tiles, columns: Math.min(SPRITE_COLUMNS, tiles), tileWidth: TILE_WIDTH, tileHeight };
}

/** Writes poster.jpg, thumbnails.jpg and thumbnails.vtt (whose cues point into the sprite by a relative URL) into `outputDir`. */
/** For a video with a picture: `probe.width` and `probe.height` set. */
export async function makeSeekPreviews(source: string, outputDir: string, probe: VideoProbe & { width: number; height: number }, options: ProcessingOptions = {}): Promise<void> {
  const { ffmpegPath } = options.binaries ?? resolveFfmpegBinaries();
  const input = toolSafePath(source);
  const poster = toolSafePath(path.join(outputDir, POSTER_FILE));
  await runFfmpeg({
    ffmpegPath,
    args: [
      ...["-hide_banner", "-v", "error", "-y", "-ss", (probe.durationSeconds * POSTER_AT_FRACTION).toFixed(3), "-i", input],
      ...["-frames:v", "1", "-vf", `scale='min(${POSTER_MAX_WIDTH},iw)':-2`, "-c:v", "mjpeg", "-q:v", "3", "-f", "image2", "-update", "1", poster],
    ],
    input,
    output: poster,
    failure: "cannot take the poster frame",
    options,
  });
  const layout = spriteLayout(probe);
  const rows = Math.ceil(layout.tiles / layout.columns);
  const sprite = toolSafePath(path.join(outputDir, SPRITE_FILE));
  await runFfmpeg({
    ffmpegPath,
    args: [
      ...["-hide_banner", "-v", "error", "-y", "-i", input],
      ...["-vf", `fps=1/${layout.tileSeconds},scale=${layout.tileWidth}:${layout.tileHeight},tile=${layout.columns}x${rows}`],
      ...["-frames:v", "1", "-c:v", "mjpeg", "-q:v", "5", "-f", "image2", "-update", "1", sprite],
    ],
    input,
    output: sprite,
    failure: "cannot make the thumbnails sprite",
    options,
  });
  await writeFile(path.join(outputDir, THUMBNAILS_VTT_FILE), thumbnailsVtt(layout, probe.durationSeconds));
}

/** One cue per tile: `thumbnails.jpg#xywh=x,y,w,h`, the media-fragment form players read seek previews from. */
export function thumbnailsVtt(layout: SpriteLayout, durationSeconds: number): string {
  const cues = Array.from({ length: layout.tiles }, (_, index) => {
    const start = index * layout.tileSeconds;
    const end = Math.min(durationSeconds, start + layout.tileSeconds);
    const x = (index % layout.columns) * layout.tileWidth;
    const y = Math.floor(index / layout.columns) * layout.tileHeight;
    return `${vttTime(start)} --> ${vttTime(end)}\n${SPRITE_FILE}#xywh=${x},${y},${layout.tileWidth},${layout.tileHeight}`;
  });
  return `WEBVTT\n\n${cues.join("\n\n")}\n`;
}

function vttTime(seconds: number): string {
  const millis = Math.round(seconds * 1000);
  const pad = (value: number, width: number) => String(value).padStart(width, "0");
  return `${pad(Math.floor(millis / 3_600_000), 2)}:${pad(Math.floor(millis / 60_000) % 60, 2)}:${pad(Math.floor(millis / 1000) % 60, 2)}.${pad(millis % 1000, 3)}`;
}
