// Who may use integrations: partners manage webhook endpoints, in person or through a key with
// webhooks:manage, and read their courses' learning records (learning-records:read); a partner is
// a person who teaches (instructors for their courses, admins for all). Whose endpoint, whose
// course: the service decides per entity (NOT_FOUND for an endpoint that is not the viewer's,
// FORBIDDEN for a course they do not teach).
import { and, hasRole, hasScope, isSignedIn, type RuleMap } from "../../platform/authorization.ts";

const managesWebhooks = and(hasRole("INSTRUCTOR", "ADMIN"), hasScope("webhooks:manage"));
/** Whose course: the service decides (FORBIDDEN for a course the viewer does not teach). */
const readsLearningRecords = and(hasRole("INSTRUCTOR", "ADMIN"), hasScope("learning-records:read"));

export const integrationsRules: RuleMap = {
  Query: { webhookEndpoints: managesWebhooks, webhookEndpoint: managesWebhooks, learningRecords: readsLearningRecords },
  Mutation: {
    createWebhookEndpoint: managesWebhooks,
    updateWebhookEndpoint: managesWebhooks,
    deleteWebhookEndpoint: managesWebhooks,
    rotateWebhookEndpointSecret: managesWebhooks,
    sendWebhookTestEvent: managesWebhooks,
    redeliverWebhookDelivery: managesWebhooks,
  },
  // Reached only through the fields above, which decide.
  WebhookEndpoint: isSignedIn,
  WebhookEndpointWithSecret: isSignedIn,
  WebhookEndpointConnection: isSignedIn,
  WebhookEndpointEdge: isSignedIn,
  WebhookDelivery: isSignedIn,
  WebhookDeliveryConnection: isSignedIn,
  WebhookDeliveryEdge: isSignedIn,
  LearningRecord: isSignedIn,
  LearningRecordConnection: isSignedIn,
  LearningRecordEdge: isSignedIn,
};
