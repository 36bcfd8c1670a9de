import { formatClockDuration, formatTotalDuration } from "../../../format/duration";
import type { ConfusionFiguresFragment } from "../../../gql/graphql";

/**
 * Okabe–Ito colours: told apart with every common colour-vision deficiency, each with at least
 * 3:1 contrast on white; the series also differ by their lines' dashes.
 */
export const SERIES_COLOURS = { blue: "#0072B2", vermillion: "#D55E00", green: "#009E73", purple: "#CC79A7" } as const;

const percentFormat = new Intl.NumberFormat(undefined, { style: "percent", maximumFractionDigits: 0 });
export const numberFormat = new Intl.NumberFormat();

/** A share in 0..1 as "42%". */
export const formatShare = (share: number) => percentFormat.format(share);

/** Watch time as a total ("3 h 05 min"), "none" when nobody watched. */
export const formatWatchTime = (seconds: number) => (seconds <= 0 ? "none" : formatTotalDuration(seconds));

/** "2:30–2:35". */
export const formatMoment = (bucket: Pick<ConfusionFiguresFragment, "startSeconds" | "endSeconds">) =>
  `${formatClockDuration(bucket.startSeconds)}–${formatClockDuration(bucket.endSeconds)}`;

function counted(count: number, singular: string, plural: string): string | null {
  return count === 0 ? null : `${numberFormat.format(count)} ${count === 1 ? singular : plural}`;
}

/** What happened in the bucket, in words: "3 marked it confusing, 2 rewinds". */
export function confusionSignals(bucket: ConfusionFiguresFragment): string {
  const parts = [
    counted(bucket.confusedFlags, "marked it confusing", "marked it confusing"),
    counted(bucket.rewinds, "rewind", "rewinds"),
    counted(bucket.pauses, "pause", "pauses"),
    counted(bucket.tutorQuestions, "question to the tutor", "questions to the tutor"),
    counted(bucket.wrongAnswers, "wrong quiz answer", "wrong quiz answers"),
  ].filter((part) => part !== null);
  return parts.length === 0 ? "no signals" : parts.join(", ");
}
