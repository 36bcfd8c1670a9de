// The HLS ladder end to end: uploads in the containers and codecs instructors send end READY with a
// ladder whose playlists and segments open through signed URLs only; a restart mid-transcode ends READY
// with the whole ladder.
import { execFile } from "node:child_process";
import { mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { startTestServer, type TestServer, UNTHROTTLED } from "../../../test/support/test-server.ts";
import { databaseId } from "../../../test/support/ids.ts";
import { createCourse } from "../catalog/catalog.fixtures.ts";
import { type Cast, signUpCast } from "../identity/identity.fixtures.ts";
import { planLadder } from "./hls-ladder.ts";
import { hlsLadderJob } from "./hls-ladder.job.ts";
import { COMPLETE_UPLOAD, CREATE_VIDEO, putFile, reachable, START_UPLOAD, type StartedUpload } from "./media.fixtures.ts";
import { spriteLayout, thumbnailsVtt } from "./seek-previews.ts";
import { removeOrphanedFiles } from "./video-files.ts";
import { cannotEncode, type FixtureShape, makeVideoFixture, type VideoFormat, type VideoFormatName, VIDEO_FORMATS } from "./video-formats.fixtures.ts";
import { probeVideo, resolveFfmpegBinaries } from "./video-processing.ts";

const LADDER_TIMEOUT_MS = 120_000;
jest.setTimeout(4 * LADDER_TIMEOUT_MS);

const STREAMING = /* GraphQL */ `
  query ($id: ID!) {
    video(id: $id) {
      id status processingPercent processingError
      playback { url mimeType hlsUrl renditions { width height bandwidth } posterUrl thumbnailsVttUrl }
    }
  }
`;

interface Streaming {
  id: string;
  status: string;
  processingPercent: number | null;
  processingError: string | null;
  playback: {
    url: string;
    mimeType: string;
    hlsUrl: string | null;
    renditions: { width: number; height: number; bandwidth: number }[];
    posterUrl: string | null;
    thumbnailsVttUrl: string | null;
  } | null;
}

let server: TestServer;
let cast: Cast;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "hls-"));
  server = await startTestServer({ ...UNTHROTTLED, DATA_DIR: dataDir });
  cast = await signUpCast(server);
});
afterAll(async () => {
  await server.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** `file` in the data folder, in `format`. */
function fixture(file: string, format: VideoFormat, shape?: FixtureShape): Promise<string> {
  return makeVideoFixture(path.join(dataDir, file), format, shape);
}

async function upload(file: string, contentType: string, server_ = server): Promise<{ videoId: string; courseId: string }> {
  const token = cast.owner.accessToken;
  const course = await createCourse(server_, token);
  const videoId = (await server_.graphql(CREATE_VIDEO, { input: { courseId: course.id, title: path.basename(file) } }, { token })).data!.createVideo.id as string;
  const input = { videoId, fileName: path.basename(file), contentType, sizeBytes: (await stat(file)).size };
  const started = (await server_.graphql(START_UPLOAD, { input }, { token })).data!.startVideoUpload as StartedUpload;
  const parts = await putFile(server_, started, file, contentType);
  const completed = await server_.graphql(COMPLETE_UPLOAD, { uploadId: started.id, parts }, { token });
  expect(completed.errors).toBeUndefined();
  return { videoId, courseId: course.id };
}

async function streaming(videoId: string): Promise<Streaming> {
  const answer = await server.graphql<{ video: Streaming }>(STREAMING, { id: videoId }, { token: cast.owner.accessToken });
  expect(answer.errors).toBeUndefined();
  return answer.data!.video;
}

/** Polls until `reached` (or the video failed); records every status and percent seen on the way. */
async function untilVideo(videoId: string, seen: Streaming[], what: string, reached: (video: Streaming) => boolean): Promise<Streaming> {
  const deadline = Date.now() + LADDER_TIMEOUT_MS;
  for (;;) {
    const video = await streaming(videoId);
    seen.push(video);
    if (reached(video) || video.status === "FAILED") return video;
    if (Date.now() > deadline) throw new Error(`no ${what} in time: ${JSON.stringify(seen.slice(-3))}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Until the video has its ladder, its first rendition at least. */
const untilLadder = (videoId: string, seen: Streaming[] = []) => untilVideo(videoId, seen, "ladder", (video) => Boolean(video.playback?.hlsUrl));
/**
 * Until the video's ladder has its poster too: what is stored only once every rendition is. The
 * video's row and its streaming files are read by two statements, so the answer that first shows the
 * poster may hold the percent of the moment before; the one read after it holds the attached ladder whole.
 */
async function untilFullLadder(videoId: string, seen: Streaming[] = []): Promise<Streaming> {
  const reached = await untilVideo(videoId, seen, "full ladder", (video) => Boolean(video.playback?.posterUrl));
  if (reached.status === "FAILED") return reached;
  const settled = await streaming(videoId);
  seen.push(settled);
  return settled;
}

const get = (url: string) => fetch(reachable(server, url));

/** The URIs of a playlist: its lines that are no tag. */
function uris(playlist: string): string[] {
  return playlist.split("\n").map((line) => line.trim()).filter((line) => line && !line.startsWith("#"));
}

/** Fetches the master playlist, every variant playlist and every first segment; answers the variants' resolutions. */
async function playLadder(hlsUrl: string): Promise<{ resolutions: string[]; segmentUrls: string[] }> {
  const master = await get(hlsUrl);
  expect(master.status).toBe(200);
  expect(master.headers.get("content-type")).toMatch(/mpegurl/);
  const text = await master.text();
  expect(text.startsWith("#EXTM3U")).toBe(true);
  const resolutions = [...text.matchAll(/#EXT-X-STREAM-INF:.*RESOLUTION=(\d+x\d+)/g)].map((match) => match[1]!);
  const variants = uris(text);
  expect(variants).toHaveLength(resolutions.length);
  const segmentUrls = [];
  for (const variant of variants) {
    expect(variant).toMatch(/signature=/);
    const playlist = await get(variant);
    expect(playlist.status).toBe(200);
    const variantText = await playlist.text();
    expect(variantText).toMatch(/#EXT-X-ENDLIST/);
    const durations = [...variantText.matchAll(/#EXTINF:([\d.]+)/g)].map((match) => Number(match[1]));
    // 4 s segments; the last one holds what is left.
    expect(Math.max(...durations)).toBeLessThanOrEqual(6.1);
    const segments = uris(variantText);
    expect(segments.length).toBeGreaterThan(0);
    for (const segment of segments) expect(segment).toMatch(/signature=/);
    const first = await get(segments[0]!);
    expect(first.status).toBe(200);
    // An MPEG transport stream: 188-byte packets, each starting with the sync byte.
    const bytes = Buffer.from(await first.arrayBuffer());
    expect(bytes[0]).toBe(0x47);
    expect(bytes.length % 188).toBe(0);
    segmentUrls.push(segments[0]!);
  }
  return { resolutions, segmentUrls };
}

async function expectPreviews(video: Streaming): Promise<void> {
  const poster = await get(video.playback!.posterUrl!);
  expect(poster.status).toBe(200);
  expect(poster.headers.get("content-type")).toBe("image/jpeg");
  const vtt = await (await get(video.playback!.thumbnailsVttUrl!)).text();
  expect(vtt.startsWith("WEBVTT")).toBe(true);
  const sprite = /^(\S+)#xywh=0,0,160,\d+$/m.exec(vtt);
  expect(sprite).not.toBeNull();
  const image = await get(sprite![1]!);
  expect(image.status).toBe(200);
  expect(image.headers.get("content-type")).toBe("image/jpeg");
}

describe("the ladder's plan", () => {
  it("never upscales, keeps the aspect, and measures a portrait source by its shorter side", () => {
    const at = (width: number, height: number) => planLadder({ width, height, frameRate: 25, audioCodec: "aac" }).map((r) => `${r.width}x${r.height}`);
    expect(at(1920, 1080)).toEqual(["640x360", "1280x720", "1920x1080"]);
    expect(at(3840, 2160)).toEqual(["640x360", "1280x720", "1920x1080"]);
    expect(at(1280, 720)).toEqual(["640x360", "1280x720"]);
    expect(at(854, 480)).toEqual(["640x360", "854x480"]);
    expect(at(320, 240)).toEqual(["320x240"]);
    expect(at(1080, 1920)).toEqual(["360x640", "720x1280", "1080x1920"]);
    expect(planLadder({ width: null, height: null, frameRate: null, audioCodec: "aac" })).toEqual([]);
    const bandwidths = planLadder({ width: 1920, height: 1080, frameRate: 30, audioCodec: null }).map((r) => r.bandwidth);
    expect(bandwidths).toEqual([...bandwidths].sort((a, b) => a - b));
  });

  it("writes a thumbnails track of sprite regions covering the whole video", () => {
    const layout = spriteLayout({ durationSeconds: 25, width: 1280, height: 720 });
    expect(layout).toEqual({ tileSeconds: 2, tiles: 13, columns: 10, tileWidth: 160, tileHeight: 90 });
    const vtt = thumbnailsVtt(layout, 25);
    expect(vtt).toContain("00:00:00.000 --> 00:00:02.000\nthumbnails.jpg#xywh=0,0,160,90");
    expect(vtt).toContain("00:00:24.000 --> 00:00:25.000\nthumbnails.jpg#xywh=320,90,160,90");
  });
});

it("gives an H.264 MP4 a ladder of 360p and 720p after it is READY, with a poster and seek previews", async () => {
  const file = await fixture("lesson.mp4", VIDEO_FORMATS["MP4/H.264"], { size: "1280x720", seconds: 5 });
  const { videoId } = await upload(file, "video/mp4");
  const seen: Streaming[] = [];
  const video = await untilLadder(videoId, seen);
  expect(video).toMatchObject({ status: "READY", processingPercent: null });
  expect(video.playback).toMatchObject({ mimeType: "video/mp4", renditions: [{ width: 640, height: 360 }, { width: 1280, height: 720 }] });
  // Playable before its ladder: READY with the progressive file only.
  expect(seen.some((earlier) => earlier.status === "READY" && earlier.playback?.hlsUrl === null)).toBe(true);
  const { resolutions, segmentUrls } = await playLadder(video.playback!.hlsUrl!);
  expect(resolutions).toEqual(["640x360", "1280x720"]);
  await expectPreviews(video);

  // Every URL a playlist hands out is signed for its one file, until its expiry.
  const segment = new URL(reachable(server, segmentUrls[0]!));
  const tampered = new URL(segment);
  tampered.searchParams.set("signature", `${segment.searchParams.get("signature")!.slice(0, -2)}AA`);
  expect((await fetch(tampered)).status).toBe(403);
  const otherFile = new URL(segment);
  otherFile.pathname = otherFile.pathname.replace(/segment_0000\.ts$/, "segment_0001.ts");
  expect((await fetch(otherFile)).status).toBe(403);
  const longer = new URL(segment);
  longer.searchParams.set("expires", String(Number(segment.searchParams.get("expires")) + 3600));
  expect((await fetch(longer)).status).toBe(403);

  const stored = await server.db.video.findUniqueOrThrow({ where: { id: databaseId(videoId) } });
  expect(stored.hlsMasterKey).toMatch(/\/hls\/master\.m3u8$/);
  // The orphan sweep keeps what is made from the played file, however old.
  await removeOrphanedFiles(server.app.platform, new Date(Date.now() + 60_000));
  expect((await fetch(segment)).status).toBe(200);
  expect((await get(video.playback!.posterUrl!)).status).toBe(200);

  // Run again once its ladder is attached (a retry, a second send), the job leaves the video as it is:
  // making the ladder anew would republish percents on a finished video.
  const { id: uploadId } = await server.db.videoUpload.findFirstOrThrow({ where: { videoId: stored.id }, orderBy: { createdAt: "desc" } });
  const again = { uploadId, readyAfterLadder: false, file: { fileKey: stored.fileKey!, mimeType: stored.mimeType!, sizeBytes: Number(stored.sizeBytes), thumbnailKey: stored.thumbnailKey, probe: await probeVideo(file) } };
  await hlsLadderJob(server.app.platform, { id: "run-again", data: again, attempt: 2, isLastAttempt: true, signal: new AbortController().signal });
  expect(await server.db.video.findUniqueOrThrow({ where: { id: stored.id } })).toEqual(stored);
});

it("gives a VP9 WebM a ladder at its own height", async () => {
  const file = await fixture("lesson.webm", VIDEO_FORMATS["WebM/VP9"]);
  const { videoId } = await upload(file, "video/webm");
  const video = await untilLadder(videoId);
  expect(video).toMatchObject({ status: "READY", playback: { mimeType: "video/webm", renditions: [{ width: 320, height: 240 }] } });
  expect((await playLadder(video.playback!.hlsUrl!)).resolutions).toEqual(["320x240"]);
});

it("keeps a Motion-JPEG QuickTime file PROCESSING until its first rendition exists, READY with it, then gives it the whole ladder", async () => {
  const file = await fixture("lesson.mov", VIDEO_FORMATS["MOV/MJPEG"], { size: "1280x720", seconds: 4, rate: 5 });
  const { videoId } = await upload(file, "video/quicktime");
  const seen: Streaming[] = [];
  const first = await untilLadder(videoId, seen);
  expect(first.status).toBe("READY");
  // READY means playable: never without a ladder, and from the lowest rendition on.
  expect(seen.filter((earlier) => earlier.status === "READY").every((ready) => ready.playback?.hlsUrl)).toBe(true);
  // With the lowest rendition alone, the rest of the ladder still shows as work in progress.
  const partLadders = () => seen.filter((earlier) => earlier.status === "READY" && earlier.playback!.renditions.length === 1);
  expect(partLadders().every((part) => part.processingPercent !== null)).toBe(true);
  expect(first.playback!.renditions[0]).toMatchObject({ width: 640, height: 360 });
  const { resolutions } = await playLadder(first.playback!.hlsUrl!);
  expect(resolutions[0]).toBe("640x360");
  expect(resolutions).toHaveLength(first.playback!.renditions.length);

  const video = await untilFullLadder(videoId, seen);
  expect(partLadders().every((part) => part.processingPercent !== null)).toBe(true);
  expect(video).toMatchObject({ status: "READY", processingPercent: null, playback: { renditions: [{ width: 640, height: 360 }, { width: 1280, height: 720 }] } });
  expect((await playLadder(video.playback!.hlsUrl!)).resolutions).toEqual(["640x360", "1280x720"]);
  await expectPreviews(video);
  const percents = seen.map((earlier) => earlier.processingPercent).filter((percent) => percent !== null);
  expect(percents.every((percent) => percent >= 0 && percent < 100)).toBe(true);
});

it("takes an AVI upload (MPEG-4 Part 2) and makes it READY with a ladder that plays", async () => {
  const file = await fixture("lesson.avi", VIDEO_FORMATS["AVI/MPEG-4 Part 2"], { rate: 5 });
  const { videoId } = await upload(file, "video/x-msvideo");
  const seen: Streaming[] = [];
  const video = await untilLadder(videoId, seen);
  expect(video).toMatchObject({ status: "READY", playback: { mimeType: "video/x-msvideo", renditions: [{ width: 320, height: 240 }] } });
  expect(seen.filter((earlier) => earlier.status === "READY").every((ready) => ready.playback?.hlsUrl)).toBe(true);
  expect((await playLadder(video.playback!.hlsUrl!)).resolutions).toEqual(["320x240"]);
});

it("gives an HEVC Matroska file a ladder before it is READY (when this ffmpeg has libx265)", async () => {
  const skipped = await cannotEncode(VIDEO_FORMATS["MKV/HEVC"]);
  if (skipped) {
    console.warn(`skipped: ${skipped}`);
    return;
  }
  const file = await fixture("lesson.mkv", VIDEO_FORMATS["MKV/HEVC"]);
  const { videoId } = await upload(file, "video/x-matroska");
  const seen: Streaming[] = [];
  const video = await untilLadder(videoId, seen);
  expect(video).toMatchObject({ status: "READY", playback: { renditions: [{ width: 320, height: 240 }] } });
  expect(seen.filter((earlier) => earlier.status === "READY").every((ready) => ready.playback?.hlsUrl)).toBe(true);
  await playLadder(video.playback!.hlsUrl!);
});

it("gives a portrait video renditions by its shorter side, upright", async () => {
  const file = await fixture("portrait.mp4", VIDEO_FORMATS["MP4/H.264"], { size: "720x1280", rate: 5, withAudio: false });
  const { videoId } = await upload(file, "video/mp4");
  const video = await untilLadder(videoId);
  expect(video.playback!.renditions).toEqual([
    expect.objectContaining({ width: 360, height: 640 }),
    expect.objectContaining({ width: 720, height: 1280 }),
  ]);
  expect((await playLadder(video.playback!.hlsUrl!)).resolutions).toEqual(["360x640", "720x1280"]);
});

/** The kinds of a file's streams, an attached picture's ("video") too. */
async function streamTypes(file: string): Promise<string[]> {
  const args = ["-v", "error", "-show_entries", "stream=codec_type", "-of", "csv=p=0", file];
  const { stdout } = await promisify(execFile)(resolveFfmpegBinaries().ffprobePath, args);
  return stdout.trim().split("\n");
}

/**
 * Sound alone, in an MP4 or in a sound file as instructors record lectures. What browsers play is
 * copied into MP4 or WebM and plays at once (its audio-only rendition follows); WAV is READY only
 * with its rendition, transcoded to AAC.
 */
const SOUND_FILES: [VideoFormatName, { mimeType: string; container: string | null; codec: string }][] = [
  ["MP4/AAC audio only", { mimeType: "video/mp4", container: "mp4", codec: "aac" }],
  ["M4A/AAC", { mimeType: "video/mp4", container: "mp4", codec: "aac" }],
  ["MP3", { mimeType: "video/mp4", container: "mp4", codec: "mp3" }],
  ["AAC (ADTS)", { mimeType: "video/mp4", container: "mp4", codec: "aac" }],
  ["Ogg/Opus", { mimeType: "video/webm", container: "webm", codec: "opus" }],
  ["WebM/Opus", { mimeType: "video/webm", container: "webm", codec: "opus" }],
  ["WAV", { mimeType: "audio/wav", container: null, codec: "pcm_s16le" }],
];
it.each(SOUND_FILES)("takes sound alone in %s as an audio-only lesson: READY, with one audio rendition that plays", async (name, played) => {
  const format = VIDEO_FORMATS[name];
  const file = await fixture(`lecture.${format.extension}`, format, { seconds: 5 });
  const { videoId } = await upload(file, format.contentType);
  const seen: Streaming[] = [];
  const video = await untilLadder(videoId, seen);
  expect(video).toMatchObject({ status: "READY", playback: { mimeType: played.mimeType, renditions: [], posterUrl: null, thumbnailsVttUrl: null } });
  if (!played.container) expect(seen.filter((earlier) => earlier.status === "READY").every((ready) => ready.playback?.hlsUrl)).toBe(true);

  // The file itself: its sound alone (an MP3's cover picture left behind), in the container it is played from.
  const playedFile = path.join(dataDir, `played-${videoId}`);
  await writeFile(playedFile, Buffer.from(await (await get(video.playback!.url)).arrayBuffer()));
  const probe = await probeVideo(playedFile);
  expect(probe).toMatchObject({ videoCodec: null, audioCodec: played.codec });
  expect(await streamTypes(playedFile)).toEqual(["audio"]);
  if (played.container) expect(probe.formatName.split(",")).toContain(played.container);
  expect(probe.durationSeconds).toBeCloseTo(5, 0);

  const master = await (await get(video.playback!.hlsUrl!)).text();
  expect(master).toMatch(/#EXT-X-STREAM-INF:BANDWIDTH=\d+/);
  expect(master).not.toMatch(/RESOLUTION=/);
  const [variant] = uris(master);
  const segment = uris(await (await get(variant!)).text())[0]!;
  const bytes = Buffer.from(await (await get(segment)).arrayBuffer());
  expect(bytes[0]).toBe(0x47);
});

// Last: it stops this server's jobs.
it("announces the transcode's progress, and restarts before and after the first rendition still end READY with the whole ladder", async () => {
  const file = await fixture("long.mov", VIDEO_FORMATS["MOV/MJPEG"], { size: "1280x720", seconds: 12, rate: 25 });
  const { videoId, courseId } = await upload(file, "video/quicktime");
  const percents: number[] = [];
  const client = server.subscriptionClient(cast.owner.accessToken);
  const firstPercent = new Promise<void>((resolve, reject) => {
    client.subscribe<{ videoStatusChanged: { id: string; status: string; processingPercent: number | null } }>(
      { query: `subscription ($courseId: ID!) { videoStatusChanged(courseId: $courseId) { id status processingPercent } }`, variables: { courseId } },
      {
        next: ({ data }) => {
          const percent = data?.videoStatusChanged.processingPercent;
          if (typeof percent === "number") percents.push(percent);
          if (typeof percent === "number") resolve();
        },
        error: reject,
        complete: () => undefined,
      },
    );
  });
  await firstPercent;
  // This instance stops mid-transcode, as at a deploy: its job goes back to the queue...
  await server.app.platform.jobs.stop();
  expect((await streaming(videoId)).status).toBe("PROCESSING");
  // ...and the next instance runs it again, from the start.
  const next = await startTestServer({ ...UNTHROTTLED, DATA_DIR: dataDir }, { besides: server });
  try {
    const first = await untilLadder(videoId);
    expect(first).toMatchObject({ status: "READY", playback: { renditions: [{ width: 640, height: 360 }] } });
    const readyAt = (await server.db.video.findUniqueOrThrow({ where: { id: databaseId(videoId) } })).processedAt;
    // Stopped again while making the higher rendition: the one after resumes there, the video playing all along.
    await next.app.platform.jobs.stop();
    const last = await startTestServer({ ...UNTHROTTLED, DATA_DIR: dataDir }, { besides: server });
    try {
      await playLadder(first.playback!.hlsUrl!);
      const video = await untilFullLadder(videoId);
      expect(video).toMatchObject({ status: "READY", processingPercent: null });
      expect((await playLadder(video.playback!.hlsUrl!)).resolutions).toEqual(["640x360", "1280x720"]);
      expect((await server.db.video.findUniqueOrThrow({ where: { id: databaseId(videoId) } })).processedAt).toEqual(readyAt);
    } finally {
      await last.close();
    }
  } finally {
    client.dispose();
    await next.close();
  }
  expect(percents.length).toBeGreaterThan(0);
  expect(percents.every((percent) => percent >= 0 && percent < 100)).toBe(true);
});
