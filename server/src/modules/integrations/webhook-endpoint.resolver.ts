import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import type { WebhookEndpoint as WebhookEndpointRow } from "../../generated/prisma/client.ts";
import type { Context } from "../../platform/context.ts";
import { PageArgs } from "../../platform/pagination.ts";
import { Course, findVisibleCourse } from "../catalog/index.ts";
import { webhookIdOf } from "./webhook-delivery.ts";
import * as endpoints from "./webhook-endpoint.service.ts";
import {
  CreateWebhookEndpointInput,
  UpdateWebhookEndpointInput,
  WebhookDelivery,
  WebhookDeliveryConnection,
  WebhookEndpoint,
  WebhookEndpointConnection,
  WebhookEndpointWithSecret,
} from "./webhook-endpoint.type.ts";

@Resolver(() => WebhookEndpoint)
export class WebhookEndpointResolver {
  @Query(() => WebhookEndpointConnection, { description: "The viewer's webhook endpoints (every one, for an admin), the newest first." })
  webhookEndpoints(@Args(() => PageArgs) page: PageArgs, @Ctx() context: Context) {
    return endpoints.webhookEndpoints(context, page);
  }

  @Query(() => WebhookEndpoint, { nullable: true, description: "Its owner and admins; null for anyone else." })
  webhookEndpoint(@Arg("id", () => ID) id: string, @Ctx() context: Context) {
    return endpoints.webhookEndpoint(context, id);
  }

  @Mutation(() => WebhookEndpointWithSecret, {
    description: "Instructors, for a course they teach or all of them; admins, for any. BAD_USER_INPUT for a URL not allowed, an unknown event type, or too many endpoints.",
  })
  createWebhookEndpoint(@Arg("input", () => CreateWebhookEndpointInput) input: CreateWebhookEndpointInput, @Ctx() context: Context) {
    return endpoints.createWebhookEndpoint(context, input);
  }

  @Mutation(() => WebhookEndpoint, { description: "Its owner and admins. enabled: false stops its deliveries; true starts it afresh." })
  updateWebhookEndpoint(@Arg("input", () => UpdateWebhookEndpointInput) input: UpdateWebhookEndpointInput, @Ctx() context: Context) {
    return endpoints.updateWebhookEndpoint(context, input);
  }

  @Mutation(() => Boolean, { description: "Its owner and admins; its deliveries go with it." })
  deleteWebhookEndpoint(@Arg("id", () => ID) id: string, @Ctx() context: Context) {
    return endpoints.deleteWebhookEndpoint(context, id);
  }

  @Mutation(() => WebhookEndpointWithSecret, { description: "Its owner and admins: a new signing secret, shown this once; the old one signs nothing more." })
  rotateWebhookEndpointSecret(@Arg("id", () => ID) id: string, @Ctx() context: Context) {
    return endpoints.rotateWebhookEndpointSecret(context, id);
  }

  @Mutation(() => WebhookDelivery, { description: "A webhook.test event to the endpoint, its first attempt made before answering." })
  sendWebhookTestEvent(@Arg("endpointId", () => ID) endpointId: string, @Ctx() context: Context) {
    return endpoints.sendWebhookTestEvent(context, endpointId);
  }

  @Mutation(() => WebhookDelivery, {
    description: "The delivery's message again, with the same webhook-id, as a new delivery whose first attempt is made before answering.",
  })
  redeliverWebhookDelivery(@Arg("id", () => ID) id: string, @Ctx() context: Context) {
    return endpoints.redeliverWebhookDelivery(context, id);
  }

  @FieldResolver(() => Course, { nullable: true, description: "The course whose events it receives; null: every course its owner teaches (all, for an admin's)." })
  course(@Root() endpoint: WebhookEndpointRow, @Ctx() context: Context) {
    return endpoint.courseId ? findVisibleCourse(context, endpoint.courseId) : null;
  }

  @FieldResolver(() => WebhookDeliveryConnection, { description: "The newest first." })
  deliveries(@Root() endpoint: WebhookEndpointRow, @Args(() => PageArgs) page: PageArgs, @Ctx() context: Context) {
    return endpoints.deliveriesOf(context, endpoint, page);
  }
}

@Resolver(() => WebhookDelivery)
export class WebhookDeliveryResolver {
  @FieldResolver(() => String)
  messageId(@Root() delivery: { messageId: string }) {
    return webhookIdOf(delivery.messageId);
  }
}
