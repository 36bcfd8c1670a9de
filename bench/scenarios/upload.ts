// Video uploads through the local storage driver (issue 5): a ~100 MB and a ~1 GB MP4 PUT to the
// handed-out URLs, then processed to READY, while the API process's resident memory is sampled.
import { setTimeout as sleep } from "node:timers/promises";
import { createDatabase } from "../../server/src/platform/db.ts";
import { signUpAccounts } from "../accounts.ts";
import { callGraphQL } from "../graphql.ts";
import { residentBytes, samplePeakRss } from "../process-memory.ts";
import { sampleVideo } from "../sample-videos.ts";
import type { BenchContext, FigureScenario, TargetCheck } from "../scenario.ts";
import { putFile, type StartedUpload } from "../upload-client.ts";

const MB = 1_000_000;
const SAMPLE_SIZES_BYTES = [100 * MB, 1000 * MB];
/** What a browser uploader typically keeps in flight. */
const PARTS_IN_FLIGHT = 4;
/** Issue 5: the server streams, so its memory must not grow with the file. */
const PEAK_RSS_ABOVE_IDLE_TARGET_BYTES = 64 * MB;
const READY_POLL_MS = 100;
const READY_TIMEOUT_MS = 15 * 60_000;
/** Lets the sign-up and course creation settle before the idle reading. */
const IDLE_SETTLE_MS = 1000;
const CONTENT_TYPE = "video/mp4";

const CREATE_COURSE = /* GraphQL */ `mutation ($input: CreateCourseInput!) { createCourse(input: $input) { id } }`;
const CREATE_VIDEO = /* GraphQL */ `mutation ($input: CreateVideoInput!) { createVideo(input: $input) { id } }`;
const START_UPLOAD = /* GraphQL */ `
  mutation ($input: StartVideoUploadInput!) { startVideoUpload(input: $input) { id method url partSizeBytes parts { partNumber url } } }
`;
const COMPLETE_UPLOAD = /* GraphQL */ `
  mutation ($uploadId: ID!, $parts: [CompletedPartInput!]) { completeVideoUpload(uploadId: $uploadId, parts: $parts) { id status } }
`;
const VIDEO_STATUS = /* GraphQL */ `query ($id: ID!) { video(id: $id) { status durationSeconds processingError } }`;

interface Sample {
  file: string;
  sizeBytes: number;
}

interface UploadFigures {
  sizeBytes: number;
  parts: number;
  putSeconds: number;
  completeSeconds: number;
  secondsToReady: number;
  durationSeconds: number;
  idleRssBytes: number;
  peakRssBytes: number;
  /** How many times the API's RSS was read (every 50 ms): a starved sampler would miss peaks. */
  rssSamples: number;
}

const seconds = (since: number) => (performance.now() - since) / 1000;
const rounded = (value: number, digits: number) => Number(value.toFixed(digits));
const megabytes = (bytes: number) => rounded(bytes / MB, 1);

/** An instructor (signed up through the API, promoted in the database) with a new course and video. */
async function newInstructorVideo(context: BenchContext): Promise<{ token: string; videoId: string }> {
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
    { input: { title: "Upload bench", description: "Uploads measured.", priceCents: 0 } },
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

async function untilReady(context: BenchContext, videoId: string, token: string): Promise<{ durationSeconds: number }> {
  const deadline = performance.now() + READY_TIMEOUT_MS;
  while (performance.now() < deadline) {
    const { video } = await callGraphQL<{ video: { status: string; durationSeconds: number | null; processingError: string | null } }>(
      context,
      VIDEO_STATUS,
      { id: videoId },
      token,
    );
    if (video.status === "READY") return { durationSeconds: video.durationSeconds ?? 0 };
    if (video.status === "FAILED") throw new Error(`processing failed: ${video.processingError}`);
    await sleep(READY_POLL_MS);
  }
  throw new Error(`the video was not READY within ${READY_TIMEOUT_MS / 60_000} minutes`);
}

async function measureUpload(context: BenchContext, sample: Sample): Promise<UploadFigures> {
  const { token, videoId } = await newInstructorVideo(context);
  await sleep(IDLE_SETTLE_MS);
  const idleRssBytes = residentBytes(context.apiPid);
  const sampler = samplePeakRss(context.apiPid);
  try {
    const { startVideoUpload: upload } = await callGraphQL<{ startVideoUpload: StartedUpload }>(
      context,
      START_UPLOAD,
      { input: { videoId, fileName: "bench.mp4", contentType: CONTENT_TYPE, sizeBytes: sample.sizeBytes } },
      token,
    );
    const putStarted = performance.now();
    const parts = await putFile(context.apiUrl, upload, sample.file, sample.sizeBytes, CONTENT_TYPE, PARTS_IN_FLIGHT);
    const putSeconds = seconds(putStarted);

    const completeStarted = performance.now();
    await callGraphQL(context, COMPLETE_UPLOAD, { uploadId: upload.id, parts }, token);
    const completeSeconds = seconds(completeStarted);
    const readyWaitStarted = performance.now();
    const { durationSeconds } = await untilReady(context, videoId, token);
    const secondsToReady = seconds(readyWaitStarted);
    const { peakBytes, samples } = sampler.stop();
    return {
      sizeBytes: sample.sizeBytes,
      parts: parts?.length ?? 1,
      putSeconds,
      completeSeconds,
      secondsToReady,
      durationSeconds,
      idleRssBytes,
      peakRssBytes: peakBytes,
      rssSamples: samples,
    };
  } finally {
    sampler.stop();
  }
}

const aboveIdle = (figures: UploadFigures) => figures.peakRssBytes - figures.idleRssBytes;
const meetsRssTarget = (figures: UploadFigures) => aboveIdle(figures) < PEAK_RSS_ABOVE_IDLE_TARGET_BYTES;

function row(figures: UploadFigures): Record<string, string | number> {
  return {
    "file MB": megabytes(figures.sizeBytes),
    parts: figures.parts,
    "PUT s": rounded(figures.putSeconds, 2),
    "upload MB/s": rounded(figures.sizeBytes / MB / figures.putSeconds, 1),
    "complete s": rounded(figures.completeSeconds, 2),
    "complete->READY s": rounded(figures.secondsToReady, 2),
    "video s": figures.durationSeconds,
    "idle RSS MB": megabytes(figures.idleRssBytes),
    "peak RSS MB": megabytes(figures.peakRssBytes),
    "peak-idle MB": megabytes(aboveIdle(figures)),
    "RSS samples": figures.rssSamples,
    [`< ${PEAK_RSS_ABOVE_IDLE_TARGET_BYTES / MB} MB`]: meetsRssTarget(figures) ? "pass" : "FAIL",
  };
}

function targetCheck(figures: UploadFigures): TargetCheck {
  return {
    description: `${megabytes(figures.sizeBytes)} MB upload: API peak RSS ${megabytes(aboveIdle(figures))} MB above idle < ${PEAK_RSS_ABOVE_IDLE_TARGET_BYTES / MB} MB`,
    met: meetsRssTarget(figures),
  };
}

export const upload: FigureScenario<Sample[]> = {
  name: "upload",
  description: `~100 MB and ~1 GB MP4 through the local driver (${PARTS_IN_FLIGHT} parts in flight): MB/s, API peak RSS, seconds to READY`,
  // Encoding the samples is not measured; they are cached across runs (sample-videos.ts).
  setup: () => Promise.all(SAMPLE_SIZES_BYTES.map(sampleVideo)),
  measure: async (context, samples) => {
    const figures: UploadFigures[] = [];
    for (const sample of samples) {
      console.error(`  - ${megabytes(sample.sizeBytes)} MB`);
      figures.push(await measureUpload(context, sample));
    }
    return { table: { title: "upload (local driver)", rows: figures.map(row) }, targetChecks: figures.map(targetCheck) };
  },
};
