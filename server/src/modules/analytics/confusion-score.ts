// The confusion score of a 5-second bucket: each signal's count divided by its largest count among
// the buckets compared (a video's, or the live window's), weighted, summed. The weights add up to
// 1, so the score is in 0..1, and 1 only for a bucket that leads on every signal. An explicit
// "I'm confused" weighs most; a question to the tutor at that moment, or a wrong answer to a quiz
// question covering it, nearly as much; a rewind (the learner went back to watch it again) less; a
// pause least, as it is often only a break.
import { BUCKET_SECONDS } from "./analytics-store.ts";

export const CONFUSION_WEIGHTS = { confusedFlags: 0.3, tutorQuestions: 0.2, wrongAnswers: 0.2, rewinds: 0.2, pauses: 0.1 } as const;

export interface BucketCounts {
  bucket: number;
  rewinds: number;
  pauses: number;
  confusedFlags: number;
  tutorQuestions: number;
  wrongAnswers: number;
}

export interface ScoredBucket extends Omit<BucketCounts, "bucket"> {
  startSeconds: number;
  endSeconds: number;
  score: number;
}

/** The buckets with their scores, normalised among themselves; `durationSeconds` ends the last bucket. */
export function scoreBuckets(buckets: readonly BucketCounts[], durationSeconds?: number | null): ScoredBucket[] {
  const signals = Object.keys(CONFUSION_WEIGHTS) as (keyof typeof CONFUSION_WEIGHTS)[];
  const largest = Object.fromEntries(signals.map((signal) => [signal, Math.max(0, ...buckets.map((bucket) => bucket[signal]))]));
  return buckets.map(({ bucket, ...counts }) => {
    const score = signals.reduce((sum, signal) => sum + (largest[signal] ? (CONFUSION_WEIGHTS[signal] * counts[signal]) / largest[signal] : 0), 0);
    const startSeconds = bucket * BUCKET_SECONDS;
    const endSeconds = durationSeconds ? Math.min(startSeconds + BUCKET_SECONDS, Math.max(startSeconds, Math.ceil(durationSeconds))) : startSeconds + BUCKET_SECONDS;
    return { ...counts, startSeconds, endSeconds, score: Math.min(1, Number(score.toFixed(6))) };
  });
}
