// What analytics records of the other modules' domain events, as events of its own store: the
// domain event's id is the dedupe key, so a delivery repeated after a crash is counted once.
import type { DeliveredEvent, DomainEventName, Listeners } from "../../platform/domain-events.ts";
import type { Platform } from "../../platform/platform.ts";
import { scheduleRollup } from "./analytics-rollups.ts";
import { appendEvents, type StoredEvent } from "./analytics-store.ts";
import { touchLiveCourses } from "./course-live.ts";

type Facts = Pick<StoredEvent, "userId" | "courseId" | "type"> & Partial<Pick<StoredEvent, "videoId" | "positionSeconds" | "detail">> & { occurredAt: Date };

async function record(platform: Platform, event: DeliveredEvent<DomainEventName>, facts: Facts): Promise<void> {
  await recordEach(platform, event, [facts]);
}

/** Several events of one domain event: each keyed by the domain event's id and its place among them. */
async function recordEach(platform: Platform, event: DeliveredEvent<DomainEventName>, each: Facts[]): Promise<void> {
  if (each.length === 0) return;
  const stored = await appendEvents(
    platform.db,
    each.map((facts, index) => ({
      videoId: null,
      positionSeconds: null,
      fromPositionSeconds: null,
      playbackRate: null,
      detail: null,
      ...facts,
      clientEventId: index === 0 ? `${event.name}:${event.id}` : `${event.name}:${event.id}:${index}`,
      // Learners only reach these events (enrolling, watching as enrolled, paying, asking the tutor, answering a quiz).
      learner: true,
    })),
  );
  if (stored.size > 0) scheduleRollup(platform);
  touchLiveCourses(platform, [...stored.keys()]);
}

/** The report's ranges merged, so that a second reported twice in one report is watched once. */
export function mergedRanges(ranges: readonly [number, number][]): [number, number][] {
  const merged: [number, number][] = [];
  for (const [start, end] of [...ranges].sort((a, b) => a[0] - b[0])) {
    const last = merged.at(-1);
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}

export const analyticsListeners: Listeners<Platform> = {
  "learning.enrolled": (event, platform) =>
    record(platform, event, { type: "ENROLLED", userId: event.payload.userId, courseId: event.payload.courseId, occurredAt: event.occurredAt }),
  "learning.courseCompleted": (event, platform) =>
    record(platform, event, { type: "COMPLETED", userId: event.payload.userId, courseId: event.payload.courseId, occurredAt: new Date(event.payload.completedAt) }),
  "learning.progressRecorded": (event, platform) =>
    record(platform, event, {
      type: "PROGRESS",
      userId: event.payload.userId,
      courseId: event.payload.courseId,
      videoId: event.payload.videoId,
      occurredAt: new Date(event.payload.at),
      // Events emitted before reports carried their ranges have none.
      detail: { ranges: mergedRanges(event.payload.watchedRanges ?? []) },
    }),
  "billing.paymentSucceeded": (event, platform) =>
    record(platform, event, {
      type: "PAYMENT",
      userId: event.payload.userId,
      courseId: event.payload.courseId,
      occurredAt: new Date(event.payload.occurredAt),
      detail: { cents: event.payload.amountCents },
    }),
  "billing.paymentRefunded": (event, platform) =>
    record(platform, event, {
      type: "REFUND",
      userId: event.payload.userId,
      courseId: event.payload.courseId,
      occurredAt: new Date(event.payload.occurredAt),
      detail: { cents: event.payload.refundedNowCents },
    }),
  // A wrong answer is a confusion signal at each moment its question covers.
  "assessment.quizAttemptSubmitted": (event, platform) =>
    recordEach(
      platform,
      event,
      event.payload.questions
        .filter((question) => !question.correct)
        .flatMap((question) => question.coveredMoments)
        .map((moment) => ({
          type: "QUIZ_WRONG_ANSWER" as const,
          userId: event.payload.userId,
          courseId: event.payload.courseId,
          videoId: moment.videoId,
          positionSeconds: moment.seconds,
          occurredAt: new Date(event.payload.submittedAt),
        })),
    ),
  "tutor.questionAsked": (event, platform) =>
    record(platform, event, {
      type: "TUTOR_QUESTION",
      userId: event.payload.userId,
      courseId: event.payload.courseId,
      videoId: event.payload.videoId,
      positionSeconds: event.payload.videoId ? event.payload.positionSeconds : null,
      occurredAt: new Date(event.payload.at),
    }),
};
