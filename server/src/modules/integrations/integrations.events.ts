// What integrations does with the other modules' committed domain events: each one partners may
// subscribe to becomes a webhook message, delivered to every enabled endpoint that asks for its
// type and whose owner may see its course (the course's instructors, admins). Ids are made from
// the event, so a repeated delivery of it adds no message, delivery or job.
import { v5 as uuidv5 } from "uuid";
import { createContext } from "../../platform/context.ts";
import type { Listeners } from "../../platform/domain-events.ts";
import type { Platform } from "../../platform/platform.ts";
import { courseById, instructorsOf } from "../catalog/index.ts";
import { findUser } from "../identity/index.ts";
import { videoById } from "../media/index.ts";
import { sendDeliveryJob } from "./webhook-delivery.ts";
import { messageOf, videoReadyMessage, type NewMessage } from "./webhook-events.ts";

const DELIVERY_NAMESPACE = "6c1d2e3f-4a5b-5c6d-8e7f-9a0b1c2d3e4f";

/** The delivery of a message to an endpoint that fan-out makes: one per pair, however often it runs. */
export const fannedOutDeliveryId = (messageId: string, endpointId: string) => uuidv5(`${messageId}:${endpointId}`, DELIVERY_NAMESPACE);

const systemContext = (platform: Platform, requestId: string) => createContext(platform, { requestId, viewer: null, ip: "" });

export async function fanOut(platform: Platform, message: NewMessage): Promise<void> {
  const candidates = await platform.db.webhookEndpoint.findMany({
    where: { enabled: true, eventTypes: { has: message.type }, OR: [{ courseId: message.courseId }, { courseId: null }] },
    select: { id: true, ownerId: true },
  });
  if (candidates.length === 0) return;
  // The owners as they are now: admins, and the course's team (its owner and co-instructors), see
  // its events. One context, so the owners are read in one batch however many endpoints there are.
  const context = systemContext(platform, `webhook:${message.id}`);
  const course = await context.loader(courseById).load(message.courseId);
  const team = new Set(course ? (await instructorsOf(context, course)).map((user) => user.id) : []);
  const owners = await Promise.all(candidates.map((endpoint) => findUser(context, endpoint.ownerId)));
  const receivers = candidates.filter((_endpoint, index) => {
    const owner = owners[index];
    return owner !== null && (owner.role === "ADMIN" || team.has(owner.id));
  });
  if (receivers.length === 0) return;
  const deliveries = receivers.map((endpoint) => ({ id: fannedOutDeliveryId(message.id, endpoint.id), endpointId: endpoint.id, messageId: message.id }));
  await platform.db.$transaction([
    platform.db.webhookMessage.createMany({
      data: [{ id: message.id, type: message.type, payload: message.payload as object, courseId: message.courseId }],
      skipDuplicates: true,
    }),
    platform.db.webhookDelivery.createMany({ data: deliveries, skipDuplicates: true }),
  ]);
  // A job already sent (or an attempt already made) for a delivery makes this one do nothing.
  for (const delivery of deliveries) await sendDeliveryJob(platform, { deliveryId: delivery.id, attempt: 1 });
}

export const integrationsListeners: Listeners<Platform> = {
  "learning.enrolled": (event, platform) => fanOut(platform, messageOf["learning.enrolled"](event)),
  "learning.enrollmentRevoked": (event, platform) => fanOut(platform, messageOf["learning.enrollmentRevoked"](event)),
  "learning.enrollmentRefunded": (event, platform) => fanOut(platform, messageOf["learning.enrollmentRefunded"](event)),
  "learning.courseCompleted": (event, platform) => fanOut(platform, messageOf["learning.courseCompleted"](event)),
  "learning.certificateIssued": (event, platform) => fanOut(platform, messageOf["learning.certificateIssued"](event)),
  "billing.paymentSucceeded": (event, platform) => fanOut(platform, messageOf["billing.paymentSucceeded"](event)),
  "billing.paymentRefunded": (event, platform) => fanOut(platform, messageOf["billing.paymentRefunded"](event)),
  "catalog.coursePublished": (event, platform) => fanOut(platform, messageOf["catalog.coursePublished"](event)),
  "media.videoStatusChanged": async (event, platform) => {
    const video = await systemContext(platform, `webhook-video:${event.payload.videoId}`).loader(videoById).load(event.payload.videoId);
    if (video?.status === "READY") await fanOut(platform, videoReadyMessage(video, event.occurredAt));
  },
  // A deleted course's endpoints have nothing left to hear (their deliveries go with them).
  "catalog.courseDeleted": async ({ payload }, platform) => {
    await platform.db.webhookEndpoint.deleteMany({ where: { courseId: payload.courseId } });
  },
};
