import { Field, ID, Int, ObjectType, registerEnumType, type ClassType } from "type-graphql";
import { DisputeStatus, PaymentStatus, RefundStatus } from "../../generated/prisma/enums.ts";
import { Node } from "../../platform/node.ts";
import { ConnectionType } from "../../platform/pagination.ts";

registerEnumType(PaymentStatus, {
  name: "PaymentStatus",
  valuesConfig: {
    REQUIRES_PAYMENT: { description: "Started: waiting for the learner to pay on the provider's page." },
    PROCESSING: { description: "Paid on the provider's page: waiting for the money to be confirmed." },
    SUCCEEDED: { description: "Paid: the learner is enrolled." },
    FAILED: { description: "The payment did not go through; a new checkout may be started." },
    CANCELED: { description: "Abandoned or expired before any money moved." },
    REFUNDED: { description: "Paid back in full: the enrollment ended." },
    PARTIALLY_REFUNDED: { description: "Partly paid back: the learner keeps access." },
  },
});
registerEnumType(DisputeStatus, {
  name: "DisputeStatus",
  valuesConfig: {
    OPEN: { description: "The learner's bank disputes the payment: access is suspended meanwhile." },
    WON: { description: "Decided for the seller: access is back." },
    LOST: { description: "Decided for the learner: the money went back and the enrollment ended." },
  },
});
registerEnumType(RefundStatus, { name: "RefundStatus" });

/** The payment row; user, course, coupon, refunds and dispute are field resolvers. */
@ObjectType({ implements: Node })
export class Payment extends Node {
  @Field(() => Int, { description: "What the learner pays, in minor units of the currency: the list price less the coupon's discount." })
  amountCents!: number;
  @Field(() => Int) refundedCents!: number;
  @Field() currency!: string;
  @Field(() => PaymentStatus) status!: PaymentStatus;
  @Field({ description: "stripe, or local (the built-in development provider); coupon for a course a 100% coupon paid for in full." })
  provider!: string;
  @Field(() => String, { nullable: true }) providerReference!: string | null;
  @Field() createdAt!: Date;
  @Field() updatedAt!: Date;
  @Field(() => Int, { description: "The course's price when the checkout started." })
  listPriceCents!: number;
  @Field(() => Date, { nullable: true, description: "When it succeeded, failed or was canceled." })
  settledAt!: Date | null;
  @Field(() => String, { nullable: true, description: "Why it failed, as the provider said." })
  failureMessage!: string | null;
}

export const PaymentConnection: ClassType = ConnectionType(Payment);

@ObjectType({ description: "A refund of (part of) a payment, asked for by the course's owner or an admin." })
export class Refund {
  @Field(() => ID) id!: string;
  @Field(() => Int) amountCents!: number;
  @Field(() => String, { nullable: true }) reason!: string | null;
  @Field(() => RefundStatus) status!: RefundStatus;
  @Field() createdAt!: Date;
}

@ObjectType({ description: "The learner's bank disputes the payment (a chargeback)." })
export class PaymentDispute {
  @Field(() => DisputeStatus) status!: DisputeStatus;
  @Field() openedAt!: Date;
}

@ObjectType()
export class CheckoutSession {
  @Field(() => Payment) payment!: object;
  @Field(() => String, { nullable: true, description: "Stripe PaymentIntent client secret, for Stripe Elements." })
  clientSecret!: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      "A page that completes the payment: Stripe Checkout, or, with the local provider, the API's own page, whose form POST with outcome=succeeded|failed settles it.",
  })
  checkoutUrl!: string | null;
}

@ObjectType({ description: "What a checkout of the course would cost the viewer, with the coupon if one is given." })
export class CheckoutPreview {
  @Field(() => Int) listPriceCents!: number;
  @Field(() => Int) discountCents!: number;
  @Field(() => Int) amountCents!: number;
  @Field() currency!: string;
}

