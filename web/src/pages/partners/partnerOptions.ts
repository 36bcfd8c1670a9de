// What a partner may choose on the partner page, in words: the API key scopes
// (server/src/modules/identity/api-key.scopes.ts) and the webhook event types
// (server/src/modules/integrations/webhook-events.md). The API refuses any other.

export const API_KEY_SCOPES = [
  { value: "catalog:read", description: "Read courses, their sections and videos." },
  { value: "courses:write", description: "Create and change the courses you teach." },
  { value: "enrollments:read", description: "Read the enrollments in your courses." },
  { value: "enrollments:write", description: "Enroll and unenroll learners in your courses." },
  { value: "progress:read", description: "Read your learners' progress." },
  { value: "analytics:read", description: "Read your courses' analytics." },
  { value: "payments:read", description: "Read the payments for your courses." },
  { value: "webhooks:manage", description: "Manage your webhook endpoints and their deliveries." },
  { value: "learning-records:read", description: "Read your learners' records in your courses as xAPI statements." },
] as const;

export const WEBHOOK_EVENT_TYPES = [
  { value: "enrollment.created", description: "A learner enrolled." },
  { value: "enrollment.revoked", description: "An enrollment was revoked." },
  { value: "enrollment.completed", description: "A learner completed a course." },
  { value: "payment.succeeded", description: "A payment went through." },
  { value: "payment.refunded", description: "A payment was refunded, in part or in full." },
  { value: "certificate.issued", description: "A certificate was issued." },
  { value: "course.published", description: "A course was published." },
  { value: "video.ready", description: "A video finished processing and can be watched." },
] as const;
