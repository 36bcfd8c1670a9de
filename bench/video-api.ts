// An instructor's video through the public API, as the editor makes one: a course and a video,
// the file sent to the handed-out URLs, completeVideoUpload, then its state read until it is
// what a scenario waits for (READY, or the whole HLS ladder).
import { setTimeout as sleep } from "node:timers/promises";
import { createDatabase } from "../server/src/platform/db.ts";
import { signUpAccounts } from "./accounts.ts";
import { callGraphQL } from "./graphql.ts";
import type { BenchContext } from "./scenario.ts";
import { putFile, type StartedUpload } from "./upload-client.ts";

const POLL_MS = 100;
const TIMEOUT_MS = 30 * 60_000;

const CREATE_COURSE = /* GraphQL */ `mutation ($input: CreateCourseInput!) { createCourse(input: $input) { id } }`;
const CREATE_VIDEO = /* GraphQL */ `mutation ($input: CreateVideoInput!) { createVideo(input: $input) { id } }`;
const START_UPLOAD = /* GraphQL */ `
  mutation ($input: StartVideoUploadInput!) { startVideoUpload(input: $input) { id method url partSizeBytes parts { partNumber url } } }
`;
const COMPLETE_UPLOAD = /* GraphQL */ `
  mutation ($uploadId: ID!, $parts: [CompletedPartInput!]) { completeVideoUpload(uploadId: $uploadId, parts: $parts) { id status } }
`;
const VIDEO_STATE = /* GraphQL */ `
  query ($id: ID!) {
    video(id: $id) { status durationSeconds processingError processingPercent playback { renditions { height } } }
  }
`;

export interface VideoState {
  status: string;
  durationSeconds: number | null;
  processingError: string | null;
  processingPercent: number | null;
  playback: { renditions: { height: number }[] } | null;
}

export interface InstructorVideo {
  token: string;
  videoId: string;
}

/** An instructor (signed up through the API, promoted in the database) with a new course and video. */
export async function newInstructorVideo(context: BenchContext, courseTitle: string): Promise<InstructorVideo> {
  const [instructor] = await signUpAccounts(context, 1);
  const db = createDatabase({ url: context.databaseUrl, poolSize: 1 });
  try {
    await db.user.update({ where: { email: instructor.email }, data: { role: "INSTRUCTOR" } });
  } finally {
    await db.$disconnect();
  }
  const token = instructor.accessToken;
  const { createCourse } = await callGraphQL<{ createCourse: { id: string } }>(
    context,
    CREATE_COURSE,
    { input: { title: courseTitle, description: "Videos measured.", priceCents: 0 } },
    token,
  );
  const { createVideo } = await callGraphQL<{ createVideo: { id: string } }>(
    context,
    CREATE_VIDEO,
    { input: { courseId: createCourse.id, title: "Bench video" } },
    token,
  );
  return { token, videoId: createVideo.id };
}

export interface SentFile {
  file: string;
  fileName: string;
  sizeBytes: number;
  contentType: string;
}

/** Sends the file and completes the upload: the seconds each took, and how many parts went. */
export async function uploadVideoFile(
  context: BenchContext,
  { token, videoId }: InstructorVideo,
  sent: SentFile,
  partsInFlight: number,
): Promise<{ parts: number; putSeconds: number; completeSeconds: number }> {
  const { startVideoUpload: upload } = await callGraphQL<{ startVideoUpload: StartedUpload }>(
    context,
    START_UPLOAD,
    { input: { videoId, fileName: sent.fileName, contentType: sent.contentType, sizeBytes: sent.sizeBytes } },
    token,
  );
  const putStarted = performance.now();
  const parts = await putFile(context.apiUrl, upload, sent.file, sent.sizeBytes, sent.contentType, partsInFlight);
  const putSeconds = secondsSince(putStarted);
  const completeStarted = performance.now();
  await callGraphQL(context, COMPLETE_UPLOAD, { uploadId: upload.id, parts }, token);
  return { parts: parts?.length ?? 1, putSeconds, completeSeconds: secondsSince(completeStarted) };
}

/** Reads the video until `reached` says so; a FAILED video or half an hour without it throws. */
export async function untilVideo(
  context: BenchContext,
  { token, videoId }: InstructorVideo,
  what: string,
  reached: (state: VideoState) => boolean,
): Promise<VideoState> {
  const deadline = performance.now() + TIMEOUT_MS;
  while (performance.now() < deadline) {
    const { video } = await callGraphQL<{ video: VideoState }>(context, VIDEO_STATE, { id: videoId }, token);
    if (reached(video)) return video;
    if (video.status === "FAILED") throw new Error(`processing failed: ${video.processingError}`);
    await sleep(POLL_MS);
  }
  throw new Error(`the video was not ${what} within ${TIMEOUT_MS / 60_000} minutes`);
}

export const isReady = (state: VideoState) => state.status === "READY";
/** The ladder is whole once no work is left on it and it offers renditions. */
export const hasWholeLadder = (state: VideoState) =>
  state.status === "READY" && state.processingPercent === null && (state.playback?.renditions.length ?? 0) > 0;

export const secondsSince = (since: number) => (performance.now() - since) / 1000;
