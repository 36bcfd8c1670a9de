// Video uploads through the local storage driver (issue 5): a ~100 MB and a ~1 GB MP4 PUT to the
// handed-out URLs, then processed to READY, while the API process's resident memory is sampled.
import { setTimeout as sleep } from "node:timers/promises";
import { residentBytes, samplePeakRss } from "../process-memory.ts";
import { sampleVideo } from "../sample-videos.ts";
import type { BenchContext, FigureScenario, TargetCheck } from "../scenario.ts";
import { isReady, newInstructorVideo, secondsSince, untilVideo, uploadVideoFile } from "../video-api.ts";

const MB = 1_000_000;
const SAMPLE_SIZES_BYTES = [100 * MB, 1000 * MB];
/** What a browser uploader typically keeps in flight. */
const PARTS_IN_FLIGHT = 4;
/** Issue 5: the server streams, so its memory must not grow with the file. */
const PEAK_RSS_ABOVE_IDLE_TARGET_BYTES = 64 * MB;
/** Lets the sign-up and course creation settle before the idle reading. */
const IDLE_SETTLE_MS = 1000;

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

const rounded = (value: number, digits: number) => Number(value.toFixed(digits));
const megabytes = (bytes: number) => rounded(bytes / MB, 1);

async function measureUpload(context: BenchContext, sample: Sample): Promise<UploadFigures> {
  const video = await newInstructorVideo(context, "Upload bench");
  await sleep(IDLE_SETTLE_MS);
  const idleRssBytes = residentBytes(context.apiPid);
  const sampler = samplePeakRss(context.apiPid);
  try {
    const sent = { file: sample.file, fileName: "bench.mp4", sizeBytes: sample.sizeBytes, contentType: "video/mp4" };
    const { parts, putSeconds, completeSeconds } = await uploadVideoFile(context, video, sent, PARTS_IN_FLIGHT);
    const readyWaitStarted = performance.now();
    const { durationSeconds } = await untilVideo(context, video, "READY", isReady);
    const secondsToReady = secondsSince(readyWaitStarted);
    const { peakBytes, samples } = sampler.stop();
    return {
      sizeBytes: sample.sizeBytes,
      parts,
      putSeconds,
      completeSeconds,
      secondsToReady,
      durationSeconds: durationSeconds ?? 0,
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
