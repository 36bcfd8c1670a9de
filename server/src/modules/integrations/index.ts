// integrations: partners' outgoing webhooks and learning records. Endpoints are managed through
// the API; the other modules' domain events become signed messages (Standard Webhooks) delivered
// by jobs with retries for about a day. Learning events become xAPI statements, read through the
// API and pushed to an LRS when one is configured. Last module: it listens to the others and nothing listens to it.
import "./integrations.reasons.ts";
import type { Module } from "../../platform/module.ts";
import { integrationsListeners } from "./integrations.events.ts";
import { integrationsRules } from "./integrations.rules.ts";
import { LearningRecordResolver } from "./learning-record.resolver.ts";
import { startDeliveries } from "./webhook-delivery.ts";
import { findManagedEndpoint } from "./webhook-endpoint.policy.ts";
import { findManagedDelivery } from "./webhook-endpoint.service.ts";
import { WebhookDeliveryResolver, WebhookEndpointResolver } from "./webhook-endpoint.resolver.ts";
import { startXapiPush } from "./xapi-push.ts";

export const integrations: Module = {
  name: "integrations",
  resolvers: [WebhookEndpointResolver, WebhookDeliveryResolver, LearningRecordResolver],
  rules: integrationsRules,
  nodes: { WebhookEndpoint: findManagedEndpoint, WebhookDelivery: findManagedDelivery },
  listeners: integrationsListeners,
  async start(platform) {
    await startDeliveries(platform);
    await startXapiPush(platform);
  },
};
