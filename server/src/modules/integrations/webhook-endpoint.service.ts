// Partners' webhook endpoints: created for a course the viewer teaches (or for all their courses,
// every course for an admin), listed, changed, disabled, deleted, their secret rotated; a test
// event sent to one, and a delivery sent again. Every refusal comes before anything is written.
import { randomUUID } from "node:crypto";
import { Prisma, type WebhookDelivery, type WebhookEndpoint } from "../../generated/prisma/client.ts";
import type { Context } from "../../platform/context.ts";
import { badInput, conflict, notFound, type FieldErrors } from "../../platform/errors.ts";
import { parseId } from "../../platform/ids.ts";
import { pageWindow, toConnection, type Connection, type PageArgs } from "../../platform/pagination.ts";
import { getEditableCourse } from "../catalog/index.ts";
import { isAdmin } from "../identity/index.ts";
import { attemptDelivery } from "./webhook-delivery.ts";
import { findManagedEndpoint, getManagedEndpoint } from "./webhook-endpoint.policy.ts";
import { isWebhookEventType, messageIdOf, PAYLOAD_VERSION, TEST_EVENT_TYPE, WEBHOOK_EVENT_TYPES } from "./webhook-events.ts";
import { encryptSecret, newSigningSecret } from "./webhook-secrets.ts";
import { endpointUrlProblem } from "./webhook-url.ts";
import type { CreateWebhookEndpointInput, UpdateWebhookEndpointInput } from "./webhook-endpoint.type.ts";

/** Endpoints one person may have: enough for a few integrations per course family, not a fan-out amplifier. */
export const MAX_ENDPOINTS_PER_OWNER = 20;
const DESCRIPTION_MAX = 200;

export type DeliveryView = WebhookDelivery & { eventType: string; payload: string };

/** What a delivery shows of its message. */
const WITH_MESSAGE = { message: { select: { type: true, payload: true } } } as const;

function eventTypesProblem(raw: readonly string[]): string | undefined {
  if (raw.length === 0) return "must name at least one event type";
  const unknown = raw.find((type) => !isWebhookEventType(type));
  if (unknown !== undefined) return `unknown event type ${JSON.stringify(unknown.slice(0, 40))}; known: ${WEBHOOK_EVENT_TYPES.join(", ")}`;
  return undefined;
}

/** The input's problems, all at once, named by field. */
function checkFields(context: Context, fields: { url?: string | null; eventTypes?: string[] | null; description?: string | null }): void {
  const problems: FieldErrors = {};
  const urlProblem = fields.url == null ? undefined : endpointUrlProblem(fields.url.trim(), context.config.webhooks);
  if (urlProblem) problems.url = urlProblem;
  const typesProblem = fields.eventTypes == null ? undefined : eventTypesProblem(fields.eventTypes);
  if (typesProblem) problems.eventTypes = typesProblem;
  if (fields.description != null && fields.description.trim().length > DESCRIPTION_MAX) problems.description = `must be at most ${DESCRIPTION_MAX} characters`;
  if (Object.keys(problems).length > 0) throw badInput(problems);
}

export async function createWebhookEndpoint(context: Context, input: CreateWebhookEndpointInput): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  const ownerId = context.viewer!.userId;
  checkFields(context, input);
  const course = input.courseId == null ? null : await getEditableCourse(context, input.courseId, "courseId");
  const secret = newSigningSecret();
  const encryptedSecret = await encryptSecret(context.config, secret);
  const endpoint = await context.db.$transaction(async (tx) => {
    // One creation per owner at a time, so the cap holds.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('webhook-endpoints'), hashtext(${ownerId}))`;
    if ((await tx.webhookEndpoint.count({ where: { ownerId } })) >= MAX_ENDPOINTS_PER_OWNER) {
      throw badInput({ url: `you already have ${MAX_ENDPOINTS_PER_OWNER} webhook endpoints; delete one first` }, undefined, "WEBHOOK_ENDPOINT_LIMIT_REACHED");
    }
    return tx.webhookEndpoint.create({
      data: {
        ownerId,
        courseId: course?.id ?? null,
        url: input.url.trim(),
        description: input.description?.trim() ?? "",
        eventTypes: [...new Set(input.eventTypes)],
        encryptedSecret,
      },
    });
  });
  return { endpoint, secret };
}

/** The viewer's endpoints (every endpoint, for an admin), the newest first. */
export async function webhookEndpoints(context: Context, page: PageArgs): Promise<Connection<WebhookEndpoint>> {
  const where: Prisma.WebhookEndpointWhereInput = (await isAdmin(context, null)) ? {} : { ownerId: context.viewer!.userId };
  const window = pageWindow(context, page, "webhookEndpoints");
  const [afterId] = (window.after ?? []) as string[];
  const rows = await context.db.webhookEndpoint.findMany({
    where: afterId ? { AND: [where, { id: { lt: afterId } }] } : where,
    orderBy: { id: "desc" },
    take: window.limit + 1,
  });
  return toConnection(rows, window, (row) => [row.id], () => context.db.webhookEndpoint.count({ where }));
}

export async function webhookEndpoint(context: Context, globalId: string): Promise<WebhookEndpoint | null> {
  return findManagedEndpoint(context, parseId(globalId, "WebhookEndpoint", "id"));
}

export async function updateWebhookEndpoint(context: Context, input: UpdateWebhookEndpointInput): Promise<WebhookEndpoint> {
  const endpoint = await getManagedEndpoint(context, input.id);
  checkFields(context, input);
  const data: Prisma.WebhookEndpointUpdateInput = {};
  if (input.url != null) data.url = input.url.trim();
  if (input.eventTypes != null) data.eventTypes = [...new Set(input.eventTypes)];
  if (input.description != null) data.description = input.description.trim();
  if (input.enabled != null && input.enabled !== endpoint.enabled) {
    data.enabled = input.enabled;
    // Enabled again: a fresh start, its earlier failures forgotten.
    data.disabledReason = null;
    data.failingSince = null;
  }
  return context.db.webhookEndpoint.update({ where: { id: endpoint.id }, data });
}

export async function deleteWebhookEndpoint(context: Context, globalId: string): Promise<boolean> {
  const endpoint = await getManagedEndpoint(context, globalId);
  await context.db.webhookEndpoint.deleteMany({ where: { id: endpoint.id } });
  return true;
}

/** A new secret at once: the old one signs nothing more. */
export async function rotateWebhookEndpointSecret(context: Context, globalId: string): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  const endpoint = await getManagedEndpoint(context, globalId);
  const secret = newSigningSecret();
  const updated = await context.db.webhookEndpoint.update({ where: { id: endpoint.id }, data: { encryptedSecret: await encryptSecret(context.config, secret) } });
  return { endpoint: updated, secret };
}

function refuseDisabled(endpoint: WebhookEndpoint): void {
  if (!endpoint.enabled) throw conflict("The webhook endpoint is disabled; enable it first.", { reason: "WEBHOOK_ENDPOINT_DISABLED" });
}

/**
 * A new delivery of the message to the endpoint, its first attempt made before answering (so the
 * answer shows how it went); a failure is retried on the schedule like any other.
 */
async function deliverNow(context: Context, endpointId: string, messageId: string): Promise<DeliveryView> {
  const delivery = await context.db.webhookDelivery.create({ data: { id: randomUUID(), endpointId, messageId } });
  await attemptDelivery(context, { deliveryId: delivery.id, attempt: 1 });
  return deliveryView(context, delivery.id);
}

/** A `webhook.test` event, a message of its own, to this endpoint only. */
export async function sendWebhookTestEvent(context: Context, endpointGlobalId: string): Promise<DeliveryView> {
  const endpoint = await getManagedEndpoint(context, endpointGlobalId, "endpointId");
  refuseDisabled(endpoint);
  const id = messageIdOf(`${TEST_EVENT_TYPE}:${randomUUID()}`);
  const payload = { type: TEST_EVENT_TYPE, timestamp: new Date().toISOString(), data: { version: PAYLOAD_VERSION, endpointId: endpointGlobalId } };
  await context.db.webhookMessage.create({ data: { id, type: TEST_EVENT_TYPE, payload, courseId: endpoint.courseId } });
  return deliverNow(context, endpoint.id, id);
}

/** The same message (the same webhook-id, for the receiver to dedupe on) as a new delivery to its endpoint. */
export async function redeliverWebhookDelivery(context: Context, globalId: string): Promise<DeliveryView> {
  const delivery = await context.db.webhookDelivery.findUnique({ where: { id: parseId(globalId, "WebhookDelivery", "id") } });
  const endpoint = delivery && (await findManagedEndpoint(context, delivery.endpointId));
  if (!delivery || !endpoint) throw notFound("Webhook delivery");
  refuseDisabled(endpoint);
  return deliverNow(context, endpoint.id, delivery.messageId);
}

async function deliveryView(context: Context, id: string): Promise<DeliveryView> {
  const row = await context.db.webhookDelivery.findUniqueOrThrow({ where: { id }, include: WITH_MESSAGE });
  return toView(row);
}

const toView = ({ message, ...delivery }: WebhookDelivery & { message: { type: string; payload: Prisma.JsonValue } }): DeliveryView => ({
  ...delivery,
  eventType: message.type,
  payload: JSON.stringify(message.payload),
});

/** An endpoint's deliveries, the newest first. */
export async function deliveriesOf(context: Context, endpoint: WebhookEndpoint, page: PageArgs): Promise<Connection<DeliveryView>> {
  const where = { endpointId: endpoint.id };
  const window = pageWindow(context, page, `webhookDeliveries:${endpoint.id}`);
  const [afterAt, afterId] = (window.after ?? []) as [string, string];
  const rows = await context.db.webhookDelivery.findMany({
    where: afterAt ? { ...where, OR: [{ createdAt: { lt: new Date(afterAt) } }, { createdAt: new Date(afterAt), id: { lt: afterId } }] } : where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: window.limit + 1,
    include: WITH_MESSAGE,
  });
  return toConnection(rows.map(toView), window, (row) => [row.createdAt.toISOString(), row.id], () => context.db.webhookDelivery.count({ where }));
}

/** Query.node: a delivery, when the viewer may manage its endpoint. */
export async function findManagedDelivery(context: Context, id: string): Promise<DeliveryView | null> {
  const delivery = await context.db.webhookDelivery.findUnique({ where: { id }, include: WITH_MESSAGE });
  return delivery && (await findManagedEndpoint(context, delivery.endpointId)) ? toView(delivery) : null;
}
