import { execFile } from "node:child_process";
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import {
  extractThumbnail,
  probeVideo,
  remuxFaststart,
  resolveFfmpegBinaries,
  VideoProcessingError,
  type FfmpegBinaries,
} from "./video-processing.ts";

const run = promisify(execFile);

let workDir: string;
let binaries: FfmpegBinaries;
let sample: string;

/** A 3 s 320x240 H.264 + AAC MP4 written the default way, with the moov box after the media data. */
async function makeSample(ffmpegPath: string, file: string, size = "320x240", seconds = 3): Promise<string> {
  await run(ffmpegPath, [
    ...["-hide_banner", "-v", "error", "-y"],
    ...["-f", "lavfi", "-i", `testsrc=duration=${seconds}:size=${size}:rate=25`],
    ...["-f", "lavfi", "-i", `sine=frequency=440:duration=${seconds}`],
    ...["-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", file],
  ]);
  return file;
}

/** Offsets of the top-level MP4 boxes, by type. */
async function topLevelBoxes(file: string): Promise<Map<string, number>> {
  const bytes = await readFile(file);
  const boxes = new Map<string, number>();
  for (let offset = 0; offset + 8 <= bytes.length; ) {
    let size = bytes.readUInt32BE(offset);
    if (size === 1) size = Number(bytes.readBigUInt64BE(offset + 8));
    boxes.set(bytes.toString("latin1", offset + 4, offset + 8), offset);
    if (size < 8) break;
    offset += size;
  }
  return boxes;
}

/** MD5 of the video stream's packets, unchanged by a remux and changed by any re-encode. */
async function videoPacketsMd5(ffmpegPath: string, file: string): Promise<string> {
  const { stdout } = await run(ffmpegPath, ["-v", "error", "-i", file, "-map", "0:v", "-c", "copy", "-f", "md5", "-"]);
  return stdout.trim();
}

async function imageSize(file: string): Promise<string> {
  const { stdout } = await run(binaries.ffprobePath, ["-v", "error", "-show_entries", "stream=width,height", "-of", "csv=s=x:p=0", file]);
  return stdout.trim();
}

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), "video-processing-"));
  binaries = resolveFfmpegBinaries();
  sample = await makeSample(binaries.ffmpegPath, path.join(workDir, "sample.mp4"));
}, 60_000);

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe("probeVideo", () => {
  it("reads duration, dimensions, codecs and container", async () => {
    const probe = await probeVideo(sample, { binaries });
    expect(Math.abs(probe.durationSeconds - 3)).toBeLessThanOrEqual(0.1);
    expect(probe).toMatchObject({ width: 320, height: 240, videoCodec: "h264", audioCodec: "aac" });
    expect(probe.formatName).toContain("mp4");
  });

  it("refuses a text file named .mp4 as unreadable, with ffprobe's reason", async () => {
    const fake = path.join(workDir, "notes.mp4");
    await writeFile(fake, "These are my lecture notes, not a video.\n".repeat(50));
    const error: unknown = await probeVideo(fake, { binaries }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(VideoProcessingError);
    const { message, kind } = error as VideoProcessingError;
    expect(kind).toBe("unreadable");
    expect(message).toMatch(/^not a readable video file: .*Invalid data found when processing input$/);
    expect(message).not.toContain(workDir);
    expect(message).not.toContain("@ 0x");
  });

  it("refuses a truncated MP4 as damaged", async () => {
    const truncated = path.join(workDir, "truncated.mp4");
    const bytes = await readFile(sample);
    await writeFile(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const probing = probeVideo(truncated, { binaries });
    await expect(probing).rejects.toThrow(/not a readable video file: .*moov atom not found/);
    await expect(probing).rejects.toMatchObject({ kind: "damaged" });
  });

  it("takes sound without a picture as an audio-only lesson", async () => {
    const audioOnly = path.join(workDir, "audio.m4a");
    await run(binaries.ffmpegPath, ["-v", "error", "-f", "lavfi", "-i", "sine=duration=1", "-c:a", "aac", audioOnly]);
    expect(await probeVideo(audioOnly, { binaries })).toMatchObject({ width: null, height: null, videoCodec: null, frameRate: null, audioCodec: "aac" });
  });

  it("refuses a file with neither picture nor sound", async () => {
    const subtitles = path.join(workDir, "captions.srt");
    await writeFile(subtitles, "1\n00:00:00,000 --> 00:00:01,000\nHello\n");
    const textOnly = path.join(workDir, "text-only.mkv");
    await run(binaries.ffmpegPath, ["-v", "error", "-i", subtitles, textOnly]);
    await expect(probeVideo(textOnly, { binaries })).rejects.toMatchObject({
      message: "not a video file: no video or audio stream",
      kind: "no-video-stream",
    });
  });

  it("kills a tool that does not finish in time", async () => {
    const stuck = path.join(workDir, "stuck-ffprobe");
    await writeFile(stuck, "#!/bin/sh\nsleep 3\n");
    await chmod(stuck, 0o755);
    const started = Date.now();
    await expect(probeVideo(sample, { binaries: { ...binaries, ffprobePath: stuck }, timeoutMs: 300 })).rejects.toThrow(
      /did not finish within 0.3 s/,
    );
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe("remuxFaststart", () => {
  it("moves the moov box before the media data without re-encoding", async () => {
    const boxesBefore = await topLevelBoxes(sample);
    expect(boxesBefore.get("moov")!).toBeGreaterThan(boxesBefore.get("mdat")!);

    const output = path.join(workDir, "faststart.mp4");
    await remuxFaststart(sample, output, { binaries });
    const boxesAfter = await topLevelBoxes(output);
    expect(boxesAfter.get("moov")!).toBeLessThan(boxesAfter.get("mdat")!);
    expect(await videoPacketsMd5(binaries.ffmpegPath, output)).toBe(await videoPacketsMd5(binaries.ffmpegPath, sample));
    expect((await probeVideo(output, { binaries })).durationSeconds).toBeCloseTo(3, 1);
  });

  it("fails with a reason and leaves no output for a corrupt input", async () => {
    const corrupt = path.join(workDir, "corrupt.mp4");
    const output = path.join(workDir, "corrupt-faststart.mp4");
    await writeFile(corrupt, (await readFile(sample)).subarray(0, 5000));
    await expect(remuxFaststart(corrupt, output, { binaries })).rejects.toThrow(/^cannot remux the video: /);
    await expect(stat(output)).rejects.toThrow();
  });
});

describe("extractThumbnail", () => {
  it("writes a JPEG frame at the given time", async () => {
    const output = path.join(workDir, "thumb.jpg");
    await extractThumbnail(sample, output, 0.3, { binaries });
    const jpeg = await readFile(output);
    expect([...jpeg.subarray(0, 2)]).toEqual([0xff, 0xd8]);
    expect(await imageSize(output)).toBe("320x240");
  });

  it("scales a wide video down to 640 pixels, keeping the aspect ratio", async () => {
    const wide = await makeSample(binaries.ffmpegPath, path.join(workDir, "wide.mp4"), "1280x720", 1);
    const output = path.join(workDir, "wide.jpg");
    await extractThumbnail(wide, output, 0.1, { binaries });
    expect(await imageSize(output)).toBe("640x360");
  });

  it("fails when the time is past the end of the video", async () => {
    const output = path.join(workDir, "late.jpg");
    await expect(extractThumbnail(sample, output, 60, { binaries })).rejects.toThrow(/no frame at 60 s/);
    await expect(stat(output)).rejects.toThrow();
  });
});

describe("resolveFfmpegBinaries", () => {
  it("prefers FFMPEG_PATH and FFPROBE_PATH, then PATH", async () => {
    const binDir = await mkdtemp(path.join(workDir, "bin-"));
    for (const tool of ["ffmpeg", "ffprobe"]) {
      await writeFile(path.join(binDir, tool), "#!/bin/sh\n");
      await chmod(path.join(binDir, tool), 0o755);
    }
    expect(resolveFfmpegBinaries({ PATH: `/nonexistent${path.delimiter}${binDir}` })).toEqual({
      ffmpegPath: path.join(binDir, "ffmpeg"),
      ffprobePath: path.join(binDir, "ffprobe"),
    });
    expect(
      resolveFfmpegBinaries({ PATH: binDir, FFMPEG_PATH: binaries.ffmpegPath, FFPROBE_PATH: binaries.ffprobePath }),
    ).toEqual(binaries);
    expect(() => resolveFfmpegBinaries({ FFMPEG_PATH: path.join(binDir, "missing") })).toThrow(/FFMPEG_PATH=.* is not an executable file/);
  });

  describe("falling back to the npm packages' binaries", () => {
    const shipped = resolveFfmpegBinaries({ PATH: "" });

    it("finds them inside node_modules", () => {
      expect(shipped.ffmpegPath).toMatch(/node_modules[\\/]@ffmpeg-installer[\\/]/);
      expect(shipped.ffprobePath).toMatch(/node_modules[\\/]@ffprobe-installer[\\/]/);
    });

    it("probes, remuxes and takes thumbnails with them", async () => {
      const probe = await probeVideo(sample, { binaries: shipped });
      expect(probe).toMatchObject({ width: 320, height: 240, videoCodec: "h264" });

      const output = path.join(workDir, "shipped-faststart.mp4");
      await remuxFaststart(sample, output, { binaries: shipped });
      const boxes = await topLevelBoxes(output);
      expect(boxes.get("moov")!).toBeLessThan(boxes.get("mdat")!);

      const thumbnail = path.join(workDir, "shipped-thumb.jpg");
      await extractThumbnail(sample, thumbnail, 1, { binaries: shipped });
      expect([...(await readFile(thumbnail)).subarray(0, 2)]).toEqual([0xff, 0xd8]);
    }, 30_000);
  });
});
