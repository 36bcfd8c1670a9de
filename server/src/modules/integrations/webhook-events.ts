// The webhook event types partners subscribe to, and how each is made from a domain event: its
// payload (versioned, global ids only: documented in webhook-events.md) and its message id, made
// from the domain event so that an event delivered again makes no second message.
import { v5 as uuidv5 } from "uuid";
import type { DeliveredEvent, DomainEventName, DomainEvents } from "../../platform/domain-events.ts";
import { toGlobalId } from "../../platform/ids.ts";

export const WEBHOOK_EVENT_TYPES = [
  "enrollment.created",
  "enrollment.revoked",
  "enrollment.completed",
  "payment.succeeded",
  "payment.refunded",
  "certificate.issued",
  "course.published",
  "video.ready",
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];
export const isWebhookEventType = (value: string): value is WebhookEventType => (WEBHOOK_EVENT_TYPES as readonly string[]).includes(value);

/** The type a partner's test request sends; no endpoint subscribes to it, it goes to the one tested. */
export const TEST_EVENT_TYPE = "webhook.test";

/** Bumped, with a note in webhook-events.md, when a payload's fields change incompatibly. */
export const PAYLOAD_VERSION = 1;

/** Message ids live in a namespace of their own. */
const MESSAGE_NAMESPACE = "0b7f6f3e-5a2d-5c4b-9e1f-2a3b4c5d6e7f";

/** Standard Webhooks' recommended body: what happened, when, and its data. */
export interface WebhookPayload {
  type: string;
  timestamp: string;
  data: Record<string, unknown> & { version: number };
}

export interface NewMessage {
  id: string;
  type: string;
  /** The course the event is about: endpoints of that course, and those whose owner may see its events, receive it. */
  courseId: string;
  payload: WebhookPayload;
}

/** The message id of a domain event turned into a webhook event: the same for every delivery of that event. */
export const messageIdOf = (key: string): string => uuidv5(key, MESSAGE_NAMESPACE);

const gid = (type: string, id: string) => toGlobalId(type, id);

function message(type: WebhookEventType, key: string, courseId: string, occurredAt: Date, data: Record<string, unknown>): NewMessage {
  return { id: messageIdOf(key), type, courseId, payload: { type, timestamp: occurredAt.toISOString(), data: { version: PAYLOAD_VERSION, ...data } } };
}

type EnrollmentFacts = DomainEvents["learning.enrolled"];
const enrollmentData = (facts: Pick<EnrollmentFacts, "enrollmentId" | "courseId" | "userId">) => ({
  enrollmentId: gid("Enrollment", facts.enrollmentId),
  courseId: gid("Course", facts.courseId),
  userId: gid("User", facts.userId),
});

type PaymentFacts = DomainEvents["billing.paymentSucceeded"];
const paymentData = (facts: PaymentFacts) => ({
  paymentId: gid("Payment", facts.paymentId),
  courseId: gid("Course", facts.courseId),
  userId: gid("User", facts.userId),
  amountCents: facts.amountCents,
  currency: facts.currency,
});

/** The domain events that make webhook messages, each to one type, by the event's own facts. */
export const messageOf = {
  "learning.enrolled": (event: DeliveredEvent<"learning.enrolled">) =>
    message("enrollment.created", `${event.name}:${event.id}`, event.payload.courseId, event.occurredAt, {
      ...enrollmentData(event.payload),
      source: event.payload.source,
    }),
  "learning.enrollmentRevoked": (event: DeliveredEvent<"learning.enrollmentRevoked">) =>
    message("enrollment.revoked", `${event.name}:${event.id}`, event.payload.courseId, event.occurredAt, {
      ...enrollmentData(event.payload),
      reason: "REVOKED",
    }),
  "learning.enrollmentRefunded": (event: DeliveredEvent<"learning.enrollmentRefunded">) =>
    message("enrollment.revoked", `${event.name}:${event.id}`, event.payload.courseId, event.occurredAt, {
      ...enrollmentData(event.payload),
      reason: "REFUNDED",
    }),
  "learning.courseCompleted": (event: DeliveredEvent<"learning.courseCompleted">) =>
    message("enrollment.completed", `${event.name}:${event.id}`, event.payload.courseId, event.occurredAt, {
      ...enrollmentData(event.payload),
      completedAt: event.payload.completedAt,
    }),
  "learning.certificateIssued": (event: DeliveredEvent<"learning.certificateIssued">) =>
    message("certificate.issued", `${event.name}:${event.id}`, event.payload.courseId, event.occurredAt, {
      certificateId: gid("Certificate", event.payload.certificateId),
      ...enrollmentData(event.payload),
      issuedAt: event.payload.issuedAt,
    }),
  "billing.paymentSucceeded": (event: DeliveredEvent<"billing.paymentSucceeded">) =>
    message("payment.succeeded", `${event.name}:${event.id}`, event.payload.courseId, event.occurredAt, {
      ...paymentData(event.payload),
      succeededAt: event.payload.occurredAt,
    }),
  "billing.paymentRefunded": (event: DeliveredEvent<"billing.paymentRefunded">) =>
    message("payment.refunded", `${event.name}:${event.id}`, event.payload.courseId, event.occurredAt, {
      ...paymentData(event.payload),
      refundedCents: event.payload.refundedCents,
      refundedNowCents: event.payload.refundedNowCents,
      full: event.payload.full,
      refundedAt: event.payload.occurredAt,
    }),
  "catalog.coursePublished": (event: DeliveredEvent<"catalog.coursePublished">) =>
    message("course.published", `${event.name}:${event.id}`, event.payload.courseId, event.occurredAt, {
      courseId: gid("Course", event.payload.courseId),
      publishedAt: event.payload.publishedAt,
    }),
} satisfies { [Name in DomainEventName]?: (event: DeliveredEvent<Name>) => NewMessage };

/**
 * video.ready is read from the video, since media announces every status change alike: one
 * message per file that became READY (a later change of the same file, its HLS ladder attached,
 * makes the same message id, so nothing new).
 */
export function videoReadyMessage(video: { id: string; courseId: string; fileKey: string | null; durationSeconds: number | null }, occurredAt: Date): NewMessage {
  return message("video.ready", `video.ready:${video.id}:${video.fileKey ?? ""}`, video.courseId, occurredAt, {
    videoId: gid("Video", video.id),
    courseId: gid("Course", video.courseId),
    durationSeconds: video.durationSeconds,
  });
}
