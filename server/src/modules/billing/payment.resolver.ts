import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root, Subscription } from "type-graphql";
import type { Context } from "../../platform/context.ts";
import { badInput } from "../../platform/errors.ts";
import { PageArgs } from "../../platform/pagination.ts";
import { may } from "../../platform/policy.ts";
import { Course, courseById } from "../catalog/index.ts";
import { findUser, User } from "../identity/index.ts";
import { couponById, refundsByPayment, type PaymentRow } from "./billing.loaders.ts";
import { Coupon } from "./coupon.type.ts";
import { paymentUpdates, type PaymentUpdate } from "./payment-feed.ts";
import { paymentPolicy } from "./payment.policy.ts";
import * as payments from "./payment.service.ts";
import { CheckoutPreview, CheckoutSession, Payment, PaymentConnection, PaymentDispute, Refund } from "./payment.type.ts";

/** Sent over HTTP, where no events can follow: after the checks subscribing makes, how to subscribe. */
const overWebSocketOnly = () => badInput({ operation: "subscriptions are served over WebSocket (graphql-ws) at /graphql" });

@Resolver(() => Payment)
export class PaymentResolver {
  @Query(() => PaymentConnection)
  myPayments(@Args(() => PageArgs) page: PageArgs, @Ctx() context: Context) {
    return payments.myPayments(context, page);
  }

  @Query(() => PaymentConnection, { description: "Course owner and admins." })
  coursePayments(@Arg("courseId", () => ID) courseId: string, @Args(() => PageArgs) page: PageArgs, @Ctx() context: Context) {
    return payments.coursePayments(context, courseId, page);
  }

  @Query(() => CheckoutPreview, { description: "What buying the course would cost the viewer, with the coupon if one is given." })
  checkoutPreview(
    @Arg("courseId", () => ID) courseId: string,
    @Arg("couponCode", () => String, { nullable: true }) couponCode: string | null,
    @Ctx() context: Context,
  ) {
    return payments.checkoutPreview(context, courseId, couponCode);
  }

  @Mutation(() => CheckoutSession, {
    description:
      "Idempotent: an open payment for the same user and course (and coupon) is returned again; with another coupon, or none after one, the open payment is canceled and a new one started; CONFLICT when already enrolled, or when the open checkout was completed meanwhile.",
  })
  startCheckout(
    @Arg("courseId", () => ID) courseId: string,
    @Arg("couponCode", () => String, { nullable: true }) couponCode: string | null,
    @Ctx() context: Context,
  ) {
    return payments.startCheckout(context, courseId, couponCode);
  }

  @Mutation(() => Payment, {
    description:
      "The learner abandons their open checkout: the provider's checkout is ended and the payment CANCELED (a coupon's redemption goes back). CONFLICT once settled, or when the checkout was completed meanwhile.",
  })
  cancelCheckout(@Arg("paymentId", () => ID) paymentId: string, @Ctx() context: Context) {
    return payments.cancelCheckout(context, paymentId);
  }

  @Mutation(() => Payment, { description: "Admin, or the course owner. Revokes the enrollment on a full refund." })
  refundPayment(
    @Arg("paymentId", () => ID) paymentId: string,
    @Arg("amountCents", () => Int, { nullable: true }) amountCents: number | null,
    @Arg("reason", () => String, { nullable: true }) reason: string | null,
    @Ctx() context: Context,
  ) {
    return payments.refundPayment(context, paymentId, amountCents, reason);
  }

  @Subscription(() => Payment, {
    description: "The payment as it changes (the learner's return page follows it until it settles); its learner, the course's owner and admins.",
    subscribe: async ({ args, context }) => {
      const payment = await payments.getVisiblePayment(context as Context, (args as { paymentId: string }).paymentId);
      return paymentUpdates(context as Context, payment.id);
    },
  })
  async paymentUpdated(@Root() event: PaymentUpdate | undefined, @Arg("paymentId", () => ID) paymentId: string, @Ctx() context: Context): Promise<PaymentRow> {
    // For every event too, with the viewer's rights at that moment: a refusal ends the subscription.
    await payments.getVisiblePayment(context, paymentId);
    if (!event) throw overWebSocketOnly();
    // Read anew: the event says only that it changed.
    return context.db.payment.findUniqueOrThrow({ where: { id: event.paymentId } });
  }

  @FieldResolver(() => User)
  user(@Root() payment: PaymentRow, @Ctx() context: Context) {
    return findUser(context, payment.userId);
  }

  @FieldResolver(() => Course, { description: "The course as it was bought, whatever became of it since." })
  course(@Root() payment: PaymentRow, @Ctx() context: Context) {
    return context.loader(courseById).load(payment.courseId);
  }

  @FieldResolver(() => Int, { description: "What the coupon took off the list price." })
  discountCents(@Root() payment: PaymentRow) {
    return payment.listPriceCents - payment.amountCents;
  }

  @FieldResolver(() => Coupon, { nullable: true })
  coupon(@Root() payment: PaymentRow, @Ctx() context: Context) {
    return payment.couponId ? context.loader(couponById).load(payment.couponId) : null;
  }

  @FieldResolver(() => [Refund], { description: "The refunds asked for here, the oldest first (refunds made in the provider's dashboard count in refundedCents only)." })
  refunds(@Root() payment: PaymentRow, @Ctx() context: Context) {
    return context.loader(refundsByPayment).load(payment.id);
  }

  @FieldResolver(() => PaymentDispute, { nullable: true, description: "The course's owner and admins only: null for the learner." })
  async dispute(@Root() payment: PaymentRow, @Ctx() context: Context) {
    if (!payment.disputeStatus || !payment.disputedAt) return null;
    return (await may(context, paymentPolicy.seeDispute, payment)) ? { status: payment.disputeStatus, openedAt: payment.disputedAt } : null;
  }

  @FieldResolver(() => String, { nullable: true, description: "Stripe Elements' client secret while the payment is open: its learner's only." })
  async clientSecret(@Root() payment: PaymentRow, @Ctx() context: Context) {
    const open = payment.status === "REQUIRES_PAYMENT" || payment.status === "PROCESSING";
    return open && (await may(context, paymentPolicy.pay, payment)) ? payment.clientSecret : null;
  }
}

