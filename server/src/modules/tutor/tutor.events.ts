// The events the tutor emits (analytics counts questions on its confusion heatmap), and its
// reaction to media's: a video whose transcript or description changed is re-indexed.
import type { Listeners, NewDomainEvent } from "../../platform/domain-events.ts";
import type { Platform } from "../../platform/platform.ts";
import { reindexVideo } from "./tutor-index.ts";

export interface QuestionFacts {
  threadId: string;
  questionId: string;
  userId: string;
  courseId: string;
  /** Where the learner was in the course when asking, when the client said. */
  videoId: string | null;
  positionSeconds: number | null;
  at: string;
}

declare module "../../platform/domain-events.ts" {
  interface DomainEvents {
    /** A question was asked and answered. Aggregate: the thread. */
    "tutor.questionAsked": QuestionFacts;
  }
}

export const questionAsked = (facts: QuestionFacts): NewDomainEvent<"tutor.questionAsked"> => ({
  name: "tutor.questionAsked",
  aggregate: `tutor-thread:${facts.threadId}`,
  payload: facts,
});

export const tutorListeners: Listeners<Platform> = {
  // Re-cutting from the current words is idempotent, and skipped when they were cut already.
  "media.transcriptChanged": ({ payload }, platform) => reindexVideo(platform.db, payload.videoId),
};
