// Who may manage a webhook endpoint: its owner (the person whose rights decide which events it
// receives) and admins. Anyone else is answered as if it did not exist.
import type { WebhookEndpoint } from "../../generated/prisma/client.ts";
import type { Context } from "../../platform/context.ts";
import { notFound } from "../../platform/errors.ts";
import { parseId } from "../../platform/ids.ts";
import { anyOf, type Action, type Predicate } from "../../platform/policy.ts";
import { isAdmin } from "../identity/index.ts";

export const isEndpointOwner: Predicate<WebhookEndpoint> = (context, endpoint) => context.viewer?.userId === endpoint.ownerId;

export const webhookEndpointPolicy = {
  manage: { allows: anyOf(isAdmin, isEndpointOwner), refusal: { message: "This webhook endpoint is not yours.", reason: "NOT_WEBHOOK_ENDPOINT_OWNER" } },
} satisfies Record<string, Action<WebhookEndpoint>>;

/** The endpoint, when the viewer may manage it; null otherwise, as if it did not exist. */
export async function findManagedEndpoint(context: Context, id: string): Promise<WebhookEndpoint | null> {
  const endpoint = await context.db.webhookEndpoint.findUnique({ where: { id } });
  return endpoint && (await webhookEndpointPolicy.manage.allows(context, endpoint)) ? endpoint : null;
}

/** The endpoint behind a global id argument; NOT_FOUND when the viewer may not manage it. */
export async function getManagedEndpoint(context: Context, globalId: string, field = "id"): Promise<WebhookEndpoint> {
  const endpoint = await findManagedEndpoint(context, parseId(globalId, "WebhookEndpoint", field));
  if (!endpoint) throw notFound("Webhook endpoint");
  return endpoint;
}
