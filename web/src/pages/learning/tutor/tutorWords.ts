// What the tutor panel says: limits and errors as sentences, the usage meter's figures, where a
// citation points.
import { errorCodeOf, errorMessageOf, errorReasonOf, graphQLErrorsOf } from "../../../apollo/apiErrors";
import { formatClockDuration } from "../../../format/duration";
import type { TutorMessageViewFragment, TutorUsageViewFragment } from "../../../gql/graphql";

/** The API's limit on a question (AskTutorInput.question). */
export const QUESTION_MAX_CHARS = 4_000;

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });
const numberFormat = new Intl.NumberFormat();

function retryAfterSecondsOf(error: unknown): number | null {
  const seconds = graphQLErrorsOf(error)
    .map((graphQLError) => graphQLError.extensions?.retryAfterSeconds)
    .find((candidate) => typeof candidate === "number");
  return typeof seconds === "number" ? Math.max(1, Math.ceil(seconds)) : null;
}

/** "at 14:00", or "tomorrow at 00:00" when the moment is on another day than `now`. */
function atTime(at: Date, now: Date): string {
  const time = timeFormat.format(at);
  return at.toDateString() === now.toDateString() ? `at ${time}` : `tomorrow at ${time}`;
}

/**
 * Why a question was not answered, as a sentence: the tutor's two limits and its model's failures
 * say when asking works again (extensions.reason and retryAfterSeconds of RATE_LIMITED), anything
 * else as the app says it.
 */
export function askErrorSentence(error: unknown, now = new Date()): string {
  if (errorCodeOf(error) === "RATE_LIMITED") {
    const seconds = retryAfterSecondsOf(error);
    const reason = errorReasonOf(error);
    if (reason === "TUTOR_DAILY_TOKENS_SPENT" && seconds !== null) {
      return `You've used today's tutor budget; it resets ${atTime(new Date(now.getTime() + seconds * 1_000), now)}.`;
    }
    if (reason === "TUTOR_TOO_MANY_REQUESTS" && seconds !== null) {
      return `Too many questions in a minute; try again in ${seconds} second${seconds === 1 ? "" : "s"}.`;
    }
    // Busy, failing, too slow or cut off half-way: nothing the learner did.
    if (reason === "TUTOR_MODEL_UNAVAILABLE") {
      const when = seconds === null ? "in a moment" : `in ${seconds} second${seconds === 1 ? "" : "s"}`;
      return `The tutor's model is not answering right now; try again ${when}.`;
    }
  }
  return errorMessageOf(error);
}

export interface UsageWords {
  percent: number;
  /** "1,200 of 20,000 tokens used today" */
  tokens: string;
  /** "2 of 10 questions in the last minute" */
  requests: string;
  /** "Resets at 00:00 (in 9 hours)" */
  resets: string;
}

const relativeFormat = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });

function inWords(milliseconds: number): string {
  const minutes = Math.max(1, Math.round(milliseconds / 60_000));
  return minutes < 60 ? relativeFormat.format(minutes, "minute") : relativeFormat.format(Math.round(minutes / 60), "hour");
}

export function usageWords(usage: TutorUsageViewFragment, now = new Date()): UsageWords {
  const resetsAt = new Date(usage.resetsAt);
  const limit = Math.max(usage.dailyTokenLimit, 1);
  return {
    percent: Math.min(100, (usage.tokensUsedToday / limit) * 100),
    tokens: `${numberFormat.format(usage.tokensUsedToday)} of ${numberFormat.format(usage.dailyTokenLimit)} tokens used today`,
    requests: `${usage.requestsLastMinute} of ${usage.requestsPerMinuteLimit} questions in the last minute`,
    resets: `Resets ${atTime(resetsAt, now)} (${inWords(resetsAt.getTime() - now.getTime())})`,
  };
}

type Citation = TutorMessageViewFragment["citations"][number];

/** "2:05–2:35 · Video title"; a passage of the video's description has no seconds to show. */
export function citationLabel(citation: Citation): string {
  const where = citation.endSeconds === null
    ? "Description"
    : `${formatClockDuration(citation.startSeconds)}–${formatClockDuration(citation.endSeconds)}`;
  return `${where} · ${citation.video.title}`;
}

/** Says what wrote an answer: quotes of the course are not a model's words, and a model's may be wrong. */
export function answererLabel(message: Pick<TutorMessageViewFragment, "answeredBy">): string | null {
  switch (message.answeredBy) {
    case "COURSE_EXCERPTS":
      return "Excerpts from the course";
    case "LANGUAGE_MODEL":
      return "Written by a language model";
    default:
      return null;
  }
}

export const CUT_OFF_NOTICE = "This answer was cut off because the tutor's model failed. Ask again in a moment.";
