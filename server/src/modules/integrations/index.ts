// integrations: partners' outgoing webhooks. Endpoints are managed through the API; the other
// modules' domain events become signed messages (Standard Webhooks) delivered by jobs with
// retries for about a day. Last module: it listens to the others and nothing listens to it.
import "./integrations.reasons.ts";
import type { Module } from "../../platform/module.ts";
import { integrationsListeners } from "./integrations.events.ts";
import { integrationsRules } from "./integrations.rules.ts";
import { startDeliveries } from "./webhook-delivery.ts";
import { findManagedEndpoint } from "./webhook-endpoint.policy.ts";
import { findManagedDelivery } from "./webhook-endpoint.service.ts";
import { WebhookDeliveryResolver, WebhookEndpointResolver } from "./webhook-endpoint.resolver.ts";

export const integrations: Module = {
  name: "integrations",
  resolvers: [WebhookEndpointResolver, WebhookDeliveryResolver],
  rules: integrationsRules,
  nodes: { WebhookEndpoint: findManagedEndpoint, WebhookDelivery: findManagedDelivery },
  listeners: integrationsListeners,
  start: startDeliveries,
};
