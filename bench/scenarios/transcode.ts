// Processing time of what instructors upload (issue 17): a minute of 1080p H.264, READY as its
// faststart copy within seconds, and a minute of 720p MPEG-4 Part 2 in AVI, which browsers cannot
// play, READY once its lowest rendition exists; then each one's whole HLS ladder (renditions,
// poster and seek previews). The figure to quote is minutes of processing per minute of video.
import { lectureSample, type LectureKind, type SampleFile } from "../sample-videos.ts";
import type { BenchContext, FigureScenario } from "../scenario.ts";
import { hasWholeLadder, isReady, newInstructorVideo, secondsSince, untilVideo, uploadVideoFile } from "../video-api.ts";

const LECTURE_SECONDS = 60;
const KINDS: { kind: LectureKind; fileName: string; contentType: string }[] = [
  { kind: "h264-1080p-mp4", fileName: "lecture.mp4", contentType: "video/mp4" },
  { kind: "mpeg4-720p-avi", fileName: "lecture.avi", contentType: "video/x-msvideo" },
];

type Prepared = { kind: (typeof KINDS)[number]; sample: SampleFile }[];

const rounded = (value: number, digits: number) => Number(value.toFixed(digits));

async function measureLecture(context: BenchContext, { kind, sample }: Prepared[number]): Promise<Record<string, string | number>> {
  const video = await newInstructorVideo(context, "Transcode bench");
  const sent = { file: sample.file, fileName: kind.fileName, sizeBytes: sample.sizeBytes, contentType: kind.contentType };
  await uploadVideoFile(context, video, sent, 4);
  const completed = performance.now();
  const ready = await untilVideo(context, video, "READY", isReady);
  const secondsToReady = secondsSince(completed);
  const whole = await untilVideo(context, video, "given its whole ladder", hasWholeLadder);
  const secondsToLadder = secondsSince(completed);
  const videoSeconds = ready.durationSeconds ?? LECTURE_SECONDS;
  return {
    file: kind.kind,
    "file MB": rounded(sample.sizeBytes / 1_000_000, 1),
    "video s": videoSeconds,
    "complete->READY s": rounded(secondsToReady, 1),
    "complete->ladder s": rounded(secondsToLadder, 1),
    renditions: whole.playback!.renditions.map((rendition) => `${rendition.height}p`).join(" "),
    "processing min per video min": rounded(secondsToLadder / videoSeconds, 2),
  };
}

export const transcode: FigureScenario<Prepared> = {
  name: "transcode",
  description: `a ${LECTURE_SECONDS} s 1080p H.264 MP4 and a ${LECTURE_SECONDS} s 720p MPEG-4 Part 2 AVI uploaded: seconds to READY and to the whole HLS ladder, minutes of processing per minute of video`,
  // Encoding the samples is not measured; they are cached across runs (sample-videos.ts).
  setup: () => Promise.all(KINDS.map(async (kind) => ({ kind, sample: await lectureSample(kind.kind, LECTURE_SECONDS) }))),
  measure: async (context, prepared) => {
    const rows = [];
    // One at a time: an instance transcodes VIDEO_TRANSCODE_CONCURRENCY (default 1) ladders at once.
    for (const lecture of prepared) {
      console.error(`  - ${lecture.kind.kind}`);
      rows.push(await measureLecture(context, lecture));
    }
    return { table: { title: "transcode (local driver, default concurrency)", rows }, targetChecks: [] };
  },
};
