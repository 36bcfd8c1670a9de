// The events learning emits (later modules, billing and analytics, listen), and what it does once
// they are committed: a learner's progress reaches their other devices and the course's team.
import type { Listeners, NewDomainEvent } from "../../platform/domain-events.ts";
import type { Transaction } from "../../platform/db.ts";
import { emit } from "../../platform/domain-events.ts";
import type { Platform } from "../../platform/platform.ts";
import type { EnrollmentRow } from "./learning.loaders.ts";
import { publishProgress } from "./progress-feed.ts";

interface EnrollmentFacts {
  enrollmentId: string;
  userId: string;
  courseId: string;
}

declare module "../../platform/domain-events.ts" {
  interface DomainEvents {
    /** A learner was enrolled (a new enrollment, or a grant that renewed an ended one). Aggregate: the enrollment. */
    "learning.enrolled": EnrollmentFacts & { source: "FREE" | "PURCHASE" | "GRANT" };
    /** An admin revoked an enrollment: its learner no longer may watch. Aggregate: the enrollment. */
    "learning.enrollmentRevoked": EnrollmentFacts;
    /** The payment that bought the enrollment was refunded in full (or its dispute lost): its learner no longer may watch. Aggregate: the enrollment. */
    "learning.enrollmentRefunded": EnrollmentFacts;
    /** A dispute of the payment that bought it suspended the enrollment: no access until it is resumed. Aggregate: the enrollment. */
    "learning.enrollmentSuspended": EnrollmentFacts;
    /** A suspended enrollment gives access again (its payment's dispute was won). Aggregate: the enrollment. */
    "learning.enrollmentResumed": EnrollmentFacts;
    /** Every ready video of the course was completed and every requirement of its completion met (required quizzes passed): the enrollment became COMPLETED, once. Aggregate: the enrollment. */
    "learning.courseCompleted": EnrollmentFacts & { completedAt: string };
    /** The completed enrollment's certificate was made, once. Aggregate: the enrollment. */
    "learning.certificateIssued": EnrollmentFacts & { certificateId: string; issuedAt: string };
    /**
     * A progress report on a video was recorded, with the ranges it reported watched (seconds,
     * clamped to the video; none for the report that completed the course, absent from events
     * emitted before reports carried them). Aggregate: the enrollment.
     */
    "learning.progressRecorded": EnrollmentFacts & { videoId: string; at: string; watchedRanges?: [number, number][] };
  }
}

const factsOf = (enrollment: EnrollmentRow): EnrollmentFacts => ({
  enrollmentId: enrollment.id,
  userId: enrollment.userId,
  courseId: enrollment.courseId,
});

const aggregateOf = (enrollment: EnrollmentRow) => `enrollment:${enrollment.id}`;

export const enrolled = (tx: Transaction, enrollment: EnrollmentRow) =>
  emit(tx, { name: "learning.enrolled", aggregate: aggregateOf(enrollment), payload: { ...factsOf(enrollment), source: enrollment.source } });

export const enrollmentRevoked = (tx: Transaction, enrollment: EnrollmentRow) =>
  emit(tx, { name: "learning.enrollmentRevoked", aggregate: aggregateOf(enrollment), payload: factsOf(enrollment) });

export const enrollmentRefunded = (tx: Transaction, enrollment: EnrollmentRow) =>
  emit(tx, { name: "learning.enrollmentRefunded", aggregate: aggregateOf(enrollment), payload: factsOf(enrollment) });

export const enrollmentSuspended = (tx: Transaction, enrollment: EnrollmentRow) =>
  emit(tx, { name: "learning.enrollmentSuspended", aggregate: aggregateOf(enrollment), payload: factsOf(enrollment) });

export const enrollmentResumed = (tx: Transaction, enrollment: EnrollmentRow) =>
  emit(tx, { name: "learning.enrollmentResumed", aggregate: aggregateOf(enrollment), payload: factsOf(enrollment) });

export const courseCompleted = (tx: Transaction, enrollment: EnrollmentRow, completedAt: Date) =>
  emit(tx, { name: "learning.courseCompleted", aggregate: aggregateOf(enrollment), payload: { ...factsOf(enrollment), completedAt: completedAt.toISOString() } });

export const certificateIssued = (tx: Transaction, certificate: { id: string; issuedAt: Date }, enrollment: EnrollmentFacts) =>
  emit(tx, {
    name: "learning.certificateIssued",
    aggregate: `enrollment:${enrollment.enrollmentId}`,
    payload: { enrollmentId: enrollment.enrollmentId, userId: enrollment.userId, courseId: enrollment.courseId, certificateId: certificate.id, issuedAt: certificate.issuedAt.toISOString() },
  });

/** Written by the statement that records the report itself (recordProgress), hence no emit. */
export const progressRecorded = (
  enrollment: EnrollmentRow,
  videoId: string,
  at: Date,
  watchedRanges: [number, number][] = [],
): NewDomainEvent<"learning.progressRecorded"> => ({
  name: "learning.progressRecorded",
  aggregate: aggregateOf(enrollment),
  payload: { ...factsOf(enrollment), videoId, at: at.toISOString(), watchedRanges },
});

export const learningListeners: Listeners<Platform> = {
  // Publishing again after a repeated delivery only repeats the latest state: harmless.
  "learning.progressRecorded": async ({ payload }, platform) => publishProgress(platform, payload),
};
