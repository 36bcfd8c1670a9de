// The media module's factories for tests: sections and videos arranged in media's own tables
// (a READY video stands in for a finished upload, which takes ffmpeg and seconds), published
// courses (which need a READY video), and what a real upload takes: sample videos made by ffmpeg,
// files put through the handed-out URLs, status changes watched over videoStatusChanged.
import { execFile } from "node:child_process";
import { open, readFile } from "node:fs/promises";
import { promisify } from "node:util";
import type { Client } from "graphql-ws";
import { databaseId } from "../../../test/support/ids.ts";
import type { TestServer } from "../../../test/support/test-server.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import { createCourse, publishCourse } from "../catalog/catalog.fixtures.ts";
import { resolveFfmpegBinaries } from "./video-processing.ts";

const run = promisify(execFile);

/** A section of the course (a global id), placed last unless `position` is given. */
export async function addSection(server: TestServer, courseId: string, options: { title?: string; position?: number } = {}) {
  const id = databaseId(courseId);
  const position = options.position ?? (await server.db.section.count({ where: { courseId: id } }));
  return server.db.section.create({ data: { courseId: id, title: options.title ?? `Section ${position + 1}`, position } });
}

/**
 * Stands in for a finished upload: a READY video of the course (a global id), 60 seconds long,
 * placed last among the course's videos outside sections (or in `sectionId`'s); `columns` sets
 * others (a probed duration, a file, a thumbnail).
 */
export async function addReadyVideo(server: TestServer, courseId: string, columns: Omit<Partial<Prisma.VideoUncheckedCreateInput>, "courseId" | "status"> = {}) {
  const id = databaseId(courseId);
  const sectionId = columns.sectionId ?? null;
  const position = columns.position ?? (await server.db.video.count({ where: { courseId: id, sectionId } }));
  return server.db.video.create({
    data: { title: `Ready video ${position + 1}`, durationSeconds: 60, ...columns, courseId: id, sectionId, position, status: "READY" },
  });
}

/** A READY video whose thumbnail, `thumbnailFile` (a JPEG), is in storage, as processing leaves it. */
export async function addReadyVideoWithThumbnail(server: TestServer, courseId: string, thumbnailFile: string) {
  const video = await addReadyVideo(server, courseId);
  const thumbnailKey = `videos/${video.id}/thumb.jpg`;
  await server.app.platform.storage.uploadFromFile(thumbnailFile, thumbnailKey, "image/jpeg");
  return server.db.video.update({ where: { id: video.id }, data: { thumbnailKey } });
}

/** A published course with one ready video. */
export async function publishedCourse(server: TestServer, token: string, input: Record<string, unknown> = {}) {
  const course = await createCourse(server, token, input);
  await addReadyVideo(server, course.id);
  await publishCourse(server, token, course.id);
  return course;
}

export const CREATE_VIDEO = /* GraphQL */ `mutation ($input: CreateVideoInput!) { createVideo(input: $input) { id } }`;
export const START_UPLOAD = /* GraphQL */ `
  mutation ($input: StartVideoUploadInput!) {
    startVideoUpload(input: $input) { id status method url partSizeBytes parts { partNumber url } expiresAt error video { id status } }
  }
`;
export const COMPLETE_UPLOAD = /* GraphQL */ `
  mutation ($uploadId: ID!, $parts: [CompletedPartInput!]) {
    completeVideoUpload(uploadId: $uploadId, parts: $parts) { id status url parts { partNumber } video { id status } }
  }
`;
export const ABORT_UPLOAD = /* GraphQL */ `mutation ($uploadId: ID!) { abortVideoUpload(uploadId: $uploadId) { id status video { id status } } }`;
export const VIDEO_STATUS_CHANGED = /* GraphQL */ `
  subscription ($courseId: ID!) { videoStatusChanged(courseId: $courseId) { id status durationSeconds processingError } }
`;
export const PLAYBACK = /* GraphQL */ `
  query ($id: ID!) { video(id: $id) { id status durationSeconds thumbnailUrl playback { url mimeType expiresAt } } }
`;

export interface StartedUpload {
  id: string;
  method: "SINGLE_PUT" | "MULTIPART";
  url: string | null;
  partSizeBytes: number | null;
  parts: { partNumber: number; url: string }[];
}

/** A video of `seconds` made by ffmpeg from its test pattern; `noisy` makes it large (about 10 MB a second). */
export async function makeSampleVideo(file: string, options: { seconds?: number; noisy?: boolean } = {}): Promise<string> {
  const { ffmpegPath } = resolveFfmpegBinaries();
  const seconds = options.seconds ?? 3;
  const source = options.noisy
    ? `testsrc2=duration=${seconds}:size=640x480:rate=25,noise=alls=80:allf=t`
    : `testsrc=duration=${seconds}:size=320x240:rate=25`;
  const codec = options.noisy ? ["-c:v", "mpeg4", "-q:v", "2"] : ["-c:v", "libx264", "-pix_fmt", "yuv420p"];
  await run(ffmpegPath, [
    ...["-hide_banner", "-v", "error", "-y", "-f", "lavfi", "-i", source],
    ...["-f", "lavfi", "-i", `sine=frequency=440:duration=${seconds}`],
    ...codec,
    ...["-c:a", "aac", "-shortest", file],
  ]);
  return file;
}

/** Local upload and playback URLs start with PUBLIC_URL; the test server listens on a port chosen later. */
export function reachable(server: TestServer, url: string): string {
  const publicUrl = server.app.platform.config.publicUrl;
  return url.startsWith(publicUrl) ? server.url + url.slice(publicUrl.length) : url;
}

async function readSlice(file: string, start: number, length: number): Promise<Buffer> {
  const handle = await open(file, "r");
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, start);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** PUTs the file the way a browser would: whole, or part by part. Returns the parts for completeVideoUpload. */
export async function putFile(
  server: TestServer,
  upload: StartedUpload,
  file: string,
  contentType: string,
): Promise<{ partNumber: number; etag: string }[] | null> {
  if (upload.method === "SINGLE_PUT") {
    const body = await readFile(file);
    const response = await fetch(reachable(server, upload.url!), { method: "PUT", headers: { "Content-Type": contentType }, body });
    if (response.status !== 200) throw new Error(`PUT answered ${response.status}: ${await response.text()}`);
    return null;
  }
  const parts = [];
  for (const part of upload.parts) {
    const body = await readSlice(file, (part.partNumber - 1) * upload.partSizeBytes!, upload.partSizeBytes!);
    const response = await fetch(reachable(server, part.url), { method: "PUT", body });
    if (response.status !== 200) throw new Error(`PUT of part ${part.partNumber} answered ${response.status}`);
    parts.push({ partNumber: part.partNumber, etag: response.headers.get("etag") ?? "" });
  }
  return parts;
}

export interface StatusWatch {
  events: { id: string; status: string; durationSeconds: number | null; processingError: string | null }[];
  errors: unknown[];
  /** Resolves once `predicate` holds for the events seen, or rejects after `timeoutMs`. */
  until(predicate: (watch: StatusWatch) => boolean, timeoutMs?: number): Promise<void>;
}

/** Subscribes to videoStatusChanged(courseId) and resolves once the server has taken the subscription. */
export async function watchStatuses(client: Client, courseId: string): Promise<StatusWatch> {
  const listeners = new Set<() => void>();
  const watch: StatusWatch = {
    events: [],
    errors: [],
    until(predicate, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!predicate(watch)) return;
          clearTimeout(timer);
          listeners.delete(check);
          resolve();
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`timed out; events: ${JSON.stringify(watch.events)}, errors: ${JSON.stringify(watch.errors)}`));
        }, timeoutMs);
        listeners.add(check);
        check();
      });
    },
  };
  const connected = new Promise<void>((resolve) => client.on("connected", () => resolve()));
  client.subscribe<{ videoStatusChanged: StatusWatch["events"][number] }>(
    { query: VIDEO_STATUS_CHANGED, variables: { courseId } },
    {
      next: (result) => {
        if (result.data?.videoStatusChanged) watch.events.push(result.data.videoStatusChanged);
        if (result.errors) watch.errors.push(...result.errors);
        listeners.forEach((listener) => listener());
      },
      error: (error) => {
        watch.errors.push(error);
        listeners.forEach((listener) => listener());
      },
      complete: () => undefined,
    },
  );
  await connected;
  // The subscribe message is handled (a few queries) after the connection is acknowledged.
  await new Promise((resolve) => setTimeout(resolve, 300));
  return watch;
}
