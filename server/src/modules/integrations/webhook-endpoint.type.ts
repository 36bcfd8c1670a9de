import { Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { WebhookDeliveryStatus } from "../../generated/prisma/enums.ts";
import { ConnectionType } from "../../platform/pagination.ts";
import { Node } from "../../platform/node.ts";

registerEnumType(WebhookDeliveryStatus, {
  name: "WebhookDeliveryStatus",
  valuesConfig: {
    PENDING: { description: "Not answered with a 2xx yet; another attempt is scheduled." },
    SUCCEEDED: { description: "An attempt was answered with a 2xx." },
    FAILED: { description: "Every attempt failed, or its endpoint was disabled." },
  },
});

@ObjectType({
  implements: Node,
  description:
    "A partner's URL that receives the events it subscribes to, signed as Standard Webhooks say (webhook-id, webhook-timestamp, webhook-signature). Its owner's and admins' only.",
})
export class WebhookEndpoint extends Node {
  @Field() url!: string;
  @Field() description!: string;
  @Field(() => [String], { description: "Event types: enrollment.created, enrollment.revoked, enrollment.completed, payment.succeeded, payment.refunded, certificate.issued, course.published, video.ready." })
  eventTypes!: string[];
  @Field({ description: "False once disabled by its owner, or by the platform after failing for a day (see disabledReason)." })
  enabled!: boolean;
  @Field(() => String, { nullable: true, description: "Why the platform disabled it; null when enabled or disabled by its owner." })
  disabledReason!: string | null;
  @Field(() => Date, { nullable: true, description: "The first failure of the current unbroken run of failures; null after a success." })
  failingSince!: Date | null;
  @Field() createdAt!: Date;
  @Field() updatedAt!: Date;
}

@ObjectType({ description: "An endpoint with its signing secret, shown this once: at creation and at rotation." })
export class WebhookEndpointWithSecret {
  @Field(() => WebhookEndpoint) endpoint!: WebhookEndpoint;
  @Field({ description: "whsec_ and the key's base64, as Standard Webhooks' libraries take it." })
  secret!: string;
}

@ObjectType({ implements: Node, description: "One event sent to one endpoint, with its latest attempt's outcome." })
export class WebhookDelivery extends Node {
  @Field({ description: "The webhook-id header: the same on every retry and redelivery of the event, for receivers to dedupe on." })
  messageId!: string;
  @Field() eventType!: string;
  @Field({ description: "The JSON body sent: { type, timestamp, data }." })
  payload!: string;
  @Field(() => WebhookDeliveryStatus) status!: WebhookDeliveryStatus;
  @Field(() => Int) attempts!: number;
  @Field(() => Int, { nullable: true, description: "The HTTP status of the latest answer; null when none came (timeout, refused address, network)." })
  responseStatus!: number | null;
  @Field(() => String, { nullable: true, description: "The start of the latest answer's body." })
  responseBody!: string | null;
  @Field(() => String, { nullable: true, description: "Why the latest attempt failed." })
  error!: string | null;
  @Field(() => Date, { nullable: true }) lastAttemptAt!: Date | null;
  @Field(() => Date, { nullable: true, description: "When the next attempt is due, while PENDING." })
  nextAttemptAt!: Date | null;
  @Field() createdAt!: Date;
}

export const WebhookEndpointConnection = ConnectionType(WebhookEndpoint);
export const WebhookDeliveryConnection = ConnectionType(WebhookDelivery);

@InputType()
export class CreateWebhookEndpointInput {
  @Field({ description: "https, to a public address (in production)." })
  url!: string;
  @Field(() => [String]) eventTypes!: string[];
  @Field(() => ID, { nullable: true, description: "Only this course's events (one the viewer teaches); else every course the viewer teaches (all, for an admin)." })
  courseId?: string | null;
  @Field(() => String, { nullable: true }) description?: string | null;
}

@InputType({ description: "The fields given are changed. Enabling a disabled endpoint starts it afresh." })
export class UpdateWebhookEndpointInput {
  @Field(() => ID) id!: string;
  @Field(() => String, { nullable: true }) url?: string | null;
  @Field(() => [String], { nullable: true }) eventTypes?: string[] | null;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => Boolean, { nullable: true }) enabled?: boolean | null;
}
