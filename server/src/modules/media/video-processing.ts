import { spawn } from "node:child_process";
import { accessSync, constants, statSync } from "node:fs";
import { open, rm, stat } from "node:fs/promises";
import path from "node:path";
import { CONTAINER_SIGNATURE_BYTES, probeFailureKind, type FileFailureKind } from "./video-processing-failure.ts";

/**
 * A file ffprobe or ffmpeg could not handle: the file's fault, so trying again cannot help. The
 * message gives the tools' reason, without file paths; `kind` what it means for the uploader.
 */
export class VideoProcessingError extends Error {
  override readonly name = "VideoProcessingError";
  constructor(
    readonly kind: FileFailureKind,
    message: string,
  ) {
    super(message);
  }
}

export interface FfmpegBinaries {
  ffmpegPath: string;
  ffprobePath: string;
}

export interface VideoProbe {
  durationSeconds: number;
  /** null for sound without a picture (an audio-only lesson), as are height and videoCodec. */
  width: number | null;
  height: number | null;
  /** Frames per second; null when the container does not say. */
  frameRate: number | null;
  videoCodec: string | null;
  /** null for a video without sound. */
  audioCodec: string | null;
  /** ffprobe's name for the container, e.g. "mov,mp4,m4a,3gp,3g2,mj2". */
  formatName: string;
}

export interface ProcessingOptions {
  /** Default: resolveFfmpegBinaries() from the environment. */
  binaries?: FfmpegBinaries;
  /** The tool is killed after this long. Default: 30 s for ffprobe, 30 min for ffmpeg. */
  timeoutMs?: number;
  /** Kills the tool; the call then rejects with a plain Error, since the file is not at fault. */
  signal?: AbortSignal;
}

const PROBE_TIMEOUT_MS = 30_000;
const FFMPEG_TIMEOUT_MS = 30 * 60_000;
const THUMBNAIL_MAX_WIDTH = 640;
const STDERR_TAIL_CHARS = 4000;
const MAX_STDOUT_BYTES = 16 * 1024 * 1024;

/**
 * Finds ffmpeg and ffprobe: FFMPEG_PATH / FFPROBE_PATH when set, else the first on PATH, else the
 * binaries shipped in @ffmpeg-installer/ffmpeg and @ffprobe-installer/ffprobe. Each tool is
 * resolved on its own, so a system ffmpeg can pair with the packaged ffprobe.
 */
export function resolveFfmpegBinaries(env: NodeJS.ProcessEnv = process.env): FfmpegBinaries {
  return {
    ffmpegPath: resolveBinary("ffmpeg", "FFMPEG_PATH", "@ffmpeg-installer/ffmpeg", env),
    ffprobePath: resolveBinary("ffprobe", "FFPROBE_PATH", "@ffprobe-installer/ffprobe", env),
  };
}

export async function probeVideo(file: string, options: ProcessingOptions = {}): Promise<VideoProbe> {
  const { ffprobePath } = options.binaries ?? resolveFfmpegBinaries();
  const filePath = toolSafePath(file);
  const args = ["-v", "error", "-print_format", "json", "-show_format", "-show_streams", filePath];
  const output = await runTool(ffprobePath, args, options.timeoutMs ?? PROBE_TIMEOUT_MS, options.signal).catch(async (error: unknown) => {
    if (options.signal?.aborted) throw error;
    const kind = probeFailureKind(await readStart(filePath, CONTAINER_SIGNATURE_BYTES));
    throw new VideoProcessingError(kind, `not a readable video file: ${toolReason(error, [filePath])}`);
  });
  const probe = JSON.parse(output) as FfprobeOutput;
  const streams = probe.streams ?? [];
  const video = streams.find((stream) => stream.codec_type === "video" && !stream.disposition?.attached_pic);
  const audio = streams.find((stream) => stream.codec_type === "audio");
  const hasPicture = Boolean(video?.codec_name && video.width && video.height);
  if (!hasPicture && !audio?.codec_name) {
    throw new VideoProcessingError("no-video-stream", "not a video file: no video or audio stream");
  }
  const durationSeconds = Number(probe.format?.duration ?? video?.duration ?? audio?.duration);
  if (!Number.isFinite(durationSeconds) || durationSeconds <= 0) {
    throw new VideoProcessingError("damaged", "not a playable video file: its duration is unknown");
  }
  return {
    durationSeconds,
    width: hasPicture ? video!.width! : null,
    height: hasPicture ? video!.height! : null,
    frameRate: hasPicture ? (frameRateOf(video!.avg_frame_rate) ?? frameRateOf(video!.r_frame_rate)) : null,
    videoCodec: hasPicture ? video!.codec_name! : null,
    audioCodec: audio?.codec_name ?? null,
    formatName: probe.format?.format_name ?? "unknown",
  };
}

export interface RemuxOptions extends ProcessingOptions {
  /** Keep the first sound stream only: a sound file's cover picture is no video to play. */
  soundOnly?: boolean;
}

/**
 * Rewrites a file in the container its output's extension names, with an MP4 or MOV's index (the
 * moov box) before the media data, so a player can start before the whole file has arrived (WebM
 * has no such index to move; its muxer ignores -movflags). Streams are copied, not re-encoded; the
 * output's path must differ from the input's.
 */
export async function remuxFaststart(input: string, output: string, options: RemuxOptions = {}): Promise<void> {
  const { ffmpegPath } = options.binaries ?? resolveFfmpegBinaries();
  const [source, target] = [toolSafePath(input), toolSafePath(output)];
  const streams = options.soundOnly ? ["-map", "0:a:0"] : [];
  const args = ["-hide_banner", "-v", "error", "-y", "-i", source, ...streams, "-c", "copy", "-movflags", "+faststart", target];
  await runFfmpeg({ ffmpegPath, args, input: source, output: target, failure: "cannot remux the video", options });
}

/** Writes one JPEG frame taken at `atSeconds`, scaled down to at most 640 pixels wide. */
export async function extractThumbnail(
  input: string,
  output: string,
  atSeconds: number,
  options: ProcessingOptions = {},
): Promise<void> {
  if (!Number.isFinite(atSeconds) || atSeconds < 0) {
    throw new Error(`a thumbnail needs a time of at least 0 seconds, got ${atSeconds}`);
  }
  const { ffmpegPath } = options.binaries ?? resolveFfmpegBinaries();
  const [source, target] = [toolSafePath(input), toolSafePath(output)];
  const args = [
    ...["-hide_banner", "-v", "error", "-y", "-ss", atSeconds.toFixed(3), "-i", source],
    ...["-frames:v", "1", "-vf", `scale='min(${THUMBNAIL_MAX_WIDTH},iw)':-2`, "-c:v", "mjpeg", "-q:v", "3"],
    ...["-f", "image2", "-update", "1", target],
  ];
  await runFfmpeg({ ffmpegPath, args, input: source, output: target, failure: "cannot take a thumbnail", options });
  const written = await stat(target).catch(() => null);
  if (!written?.size) {
    await rm(target, { force: true });
    throw new VideoProcessingError("damaged", `cannot take a thumbnail: the video has no frame at ${atSeconds} s`);
  }
}

async function readStart(file: string, length: number): Promise<Buffer> {
  const handle = await open(file, "r");
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(length), 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

interface FfprobeStream {
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
  duration?: string;
  avg_frame_rate?: string;
  r_frame_rate?: string;
  disposition?: { attached_pic?: number };
}

interface FfprobeOutput {
  streams?: FfprobeStream[];
  format?: { format_name?: string; duration?: string };
}

/** ffprobe's "30000/1001"; "0/0" where it does not know. */
function frameRateOf(ratio: string | undefined): number | null {
  const [numerator, denominator] = (ratio ?? "").split("/").map(Number);
  const rate = numerator! / (denominator ?? 1);
  return Number.isFinite(rate) && rate > 0 ? rate : null;
}

function resolveBinary(name: string, envVariable: string, npmPackage: string, env: NodeJS.ProcessEnv): string {
  const executable = process.platform === "win32" ? `${name}.exe` : name;
  const configured = env[envVariable];
  if (configured) {
    if (!isExecutableFile(configured)) throw new Error(`${envVariable}=${configured} is not an executable file`);
    return configured;
  }
  for (const dir of (env.PATH ?? "").split(path.delimiter)) {
    const candidate = dir && path.join(dir, executable);
    if (candidate && isExecutableFile(candidate)) return candidate;
  }
  let shipped: string;
  try {
    // Loaded only when needed: these packages throw on platforms they carry no binary for.
    shipped = (require(npmPackage) as { path: string }).path;
  } catch (error) {
    throw new Error(`${name} not found: not on PATH, ${envVariable} unset, and ${npmPackage} failed: ${reasonOf(error)}`);
  }
  if (!isExecutableFile(shipped)) {
    // npm 11 skips the packages' postinstall "chmod u+x" unless install scripts are allowed.
    throw new Error(`${shipped} (from ${npmPackage}) is not executable; run: chmod u+x "${shipped}"`);
  }
  return shipped;
}

/**
 * An absolute path: ffmpeg would read a name starting with "-" as an option and one like
 * "concat:a|b" or "http://..." as a protocol; "/..." is always a plain file.
 */
export function toolSafePath(file: string): string {
  return path.resolve(file);
}

function isExecutableFile(filePath: string): boolean {
  try {
    accessSync(filePath, constants.X_OK);
    return statSync(filePath).isFile();
  } catch {
    return false;
  }
}

export interface FfmpegRun {
  ffmpegPath: string;
  args: string[];
  input: string;
  output: string;
  /** What could not be done, for the error message. */
  failure: string;
  options: ProcessingOptions;
  /** What ffmpeg writes to stdout, as it comes: its -progress reports. */
  onStdout?: (text: string) => void;
}

export async function runFfmpeg({ ffmpegPath, args, input, output, failure, options, onStdout }: FfmpegRun): Promise<void> {
  try {
    await runTool(ffmpegPath, args, options.timeoutMs ?? FFMPEG_TIMEOUT_MS, options.signal, onStdout);
  } catch (error) {
    await rm(output, { force: true });
    if (options.signal?.aborted) throw error;
    // ffprobe read the file already: what ffmpeg cannot copy or decode is damaged.
    throw new VideoProcessingError("damaged", `${failure}: ${toolReason(error, [input, output])}`);
  }
}

/**
 * Runs a tool without a shell and resolves with its stdout; rejects with the end of its stderr.
 * The tool runs in a process group of its own: a terminal's Ctrl-C reaches the server, which stops
 * its jobs in order, and not the tool, whose death would read as a bad file.
 */
function runTool(binary: string, args: string[], timeoutMs: number, signal?: AbortSignal, onStdout?: (text: string) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Error(`${path.basename(binary)} not started: ${reasonOf(signal.reason)}`));
    const ownGroup = process.platform !== "win32";
    const child = spawn(binary, args, { stdio: ["ignore", "pipe", "pipe"], windowsHide: true, detached: ownGroup });
    const name = path.basename(binary);
    const kill = () => {
      try {
        // The whole group: a wrapper script's own children too.
        if (ownGroup && child.pid) process.kill(-child.pid, "SIGKILL");
        else child.kill("SIGKILL");
      } catch {
        // Already gone.
      }
      // Settle now: a grandchild still holding the pipes would otherwise delay "close" indefinitely.
      child.stdout.destroy();
      child.stderr.destroy();
    };
    const stdout: Buffer[] = [];
    let stdoutBytes = 0;
    let stderr = "";
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      outcome();
    };
    const timer = setTimeout(() => {
      kill();
      settle(() => reject(new Error(`${name} did not finish within ${timeoutMs / 1000} s`)));
    }, timeoutMs);
    const onAbort = () => {
      kill();
      settle(() => reject(new Error(`${name} stopped: ${reasonOf(signal!.reason)}`)));
    };
    signal?.addEventListener("abort", onAbort, { once: true });

    child.stdout.on("data", (chunk: Buffer) => {
      onStdout?.(chunk.toString("utf8"));
      stdoutBytes += chunk.length;
      if (stdoutBytes <= MAX_STDOUT_BYTES) stdout.push(chunk);
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString("utf8")).slice(-STDERR_TAIL_CHARS);
    });
    child.on("error", (error) => settle(() => reject(new Error(`cannot run ${binary}: ${error.message}`))));
    child.on("close", (code, signal) =>
      settle(() => {
        if (code === 0) resolve(Buffer.concat(stdout).toString("utf8"));
        else reject(new Error(lastLines(stderr) || `${name} exited with ${code ?? signal}`));
      }),
    );
  });
}

function lastLines(text: string): string {
  return text.trim().split("\n").slice(-3).join("; ");
}

/** The tools' messages without what means nothing to an uploader: file paths and "[mov,mp4 @ 0x55d8...]" prefixes. */
function toolReason(error: unknown, filePaths: string[]): string {
  let reason = reasonOf(error).replace(/\[[^\]]* @ 0x[0-9a-f]+\] */g, "");
  for (const filePath of filePaths) reason = reason.replaceAll(`${filePath}: `, "");
  return reason;
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
