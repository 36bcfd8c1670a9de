// Checkouts, refunds and the lists of payments. What a provider reports afterwards goes through
// applyPaymentFact (payment-settlement.service.ts), never through here.
import type { Prisma } from "../../generated/prisma/client.ts";
import type { Context } from "../../platform/context.ts";
import type { Transaction } from "../../platform/db.ts";
import { badInput, conflict, notFound } from "../../platform/errors.ts";
import { requireFeature } from "../../platform/features.ts";
import { parseId, toGlobalId } from "../../platform/ids.ts";
import { pageWindow, toConnection, type Connection, type PageArgs } from "../../platform/pagination.ts";
import { authorize } from "../../platform/policy.ts";
import type { Platform } from "../../platform/platform.ts";
import { coursePolicy, findVisibleCourse, type CourseCheck, type CourseRow } from "../catalog/index.ts";
import { findUser, requireVerifiedEmail } from "../identity/index.ts";
import { viewerIsEnrolled } from "../learning/index.ts";
import { paymentSucceeded } from "./billing.events.ts";
import { PAYMENT_COLUMNS, paymentById, type CouponRow, type PaymentRow } from "./billing.loaders.ts";
import { couponForCheckout, discountOf, takeRedemption, usedUp } from "./coupon.service.ts";
import { localCheckoutExpiry, localCheckoutUrl } from "./local-provider.ts";
import type { PaymentProvider } from "./payment-provider.ts";
import { applyPaymentFact, applyPaymentFactIn } from "./payment-settlement.service.ts";
import { findVisiblePayment, paymentPolicy } from "./payment.policy.ts";
import { paymentProvider } from "./providers.ts";

/** A 100% coupon pays for the whole course: no provider is asked, the payment is recorded as this one's. */
export const COUPON_PROVIDER = "coupon";
const MAX_REASON_LENGTH = 500;

export interface CheckoutView {
  payment: PaymentRow;
  checkoutUrl: string | null;
  clientSecret: string | null;
}

export interface PriceView {
  listPriceCents: number;
  discountCents: number;
  amountCents: number;
  currency: string;
}

/** The web client's page a learner returns to from a checkout, which follows the payment until it settles. */
export const returnPageUrl = (platform: Pick<Platform, "config">, paymentId: string) => `${platform.config.publicUrl}/purchases/${toGlobalId("Payment", paymentId)}`;

/** Catalog's deletion veto: a course anyone paid for (or tried to) keeps its payments' records and is archived instead. */
export const refuseDeletingPaidCourse: CourseCheck = async (tx, courseId) => {
  const paid = (await tx.payment.findFirst({ where: { courseId }, select: { id: true } })) !== null;
  return paid ? conflict("Learners have paid for this course, so it cannot be deleted; archive it instead.", { reason: "COURSE_HAS_PAYMENTS" }) : null;
};

/** A published course the viewer may buy: NOT_FOUND when invisible or not published, BAD_USER_INPUT when free. */
async function courseForSale(context: Context, courseGlobalId: string): Promise<CourseRow> {
  const course = await findVisibleCourse(context, parseId(courseGlobalId, "Course", "courseId"));
  if (!course || course.status !== "PUBLISHED") throw notFound("Course");
  if (course.priceCents === 0) throw badInput({ courseId: "is a free course: enroll in it instead" }, undefined, "COURSE_IS_FREE");
  return course;
}

function priceOf(course: CourseRow, coupon: CouponRow | null): PriceView {
  const discountCents = discountOf(course.priceCents, coupon);
  return { listPriceCents: course.priceCents, discountCents, amountCents: course.priceCents - discountCents, currency: course.currency };
}

/** What buying the course would cost the viewer now, with the coupon if given (BAD_USER_INPUT when it is not usable). */
export async function checkoutPreview(context: Context, courseGlobalId: string, couponCode: string | null): Promise<PriceView> {
  const course = await courseForSale(context, courseGlobalId);
  return priceOf(course, couponCode ? await couponForCheckout(context, course, couponCode) : null);
}

/** The checkout of an open payment, asked for again: the local provider's link is made afresh (it expires with the checkout). */
async function checkoutOf(context: Context, payment: PaymentRow): Promise<CheckoutView> {
  const checkoutUrl = payment.provider === "local" ? await localCheckoutUrl(context.config, payment.id) : payment.checkoutUrl;
  return { payment, checkoutUrl, clientSecret: payment.clientSecret };
}

const OPEN_STATUSES: PaymentRow["status"][] = ["REQUIRES_PAYMENT", "PROCESSING"];

/** Checkouts of one learner and course wait for each other here, until the transaction ends. */
async function lockCheckouts(tx: Transaction, userId: string, courseId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('billing-checkout'), hashtext(${`${userId}:${courseId}`}))`;
}

const checkoutCompleted = () =>
  conflict("Your payment for this checkout went through meanwhile (or is being processed), so it can no longer be canceled or changed.", {
    reason: "CHECKOUT_COMPLETED",
  });

/** A local checkout whose link has expired takes no payment: asked for again, a new one replaces it. */
const lapsed = (context: Context, payment: PaymentRow) => payment.provider === "local" && localCheckoutExpiry(context.config, payment.id).getTime() <= Date.now();

/**
 * Cancels an open payment in the caller's transaction, which holds the learner's checkout lock: the
 * provider's checkout is ended first (Stripe's session expired), so it can no longer be paid; one
 * completed meanwhile (paid, or a delayed payment under way) is refused, left for its webhook to
 * settle. The cancel goes through the settlement path, which gives a coupon's redemption back.
 * Stripe's expiry cannot be undone: should the transaction fail after it, the payment stays open
 * until Stripe's checkout.session.expired (or the reconciliation) cancels it, and asking again
 * finds the session expired.
 */
async function cancelOpenPayment(tx: Transaction, provider: PaymentProvider, payment: PaymentRow): Promise<void> {
  if (payment.status === "PROCESSING") throw checkoutCompleted();
  if (payment.provider !== provider.name) {
    throw conflict(`Your open checkout of this course went through ${payment.provider}, which this server no longer uses: finish it there, or let it lapse.`, {
      reason: "CHECKOUT_OPEN",
    });
  }
  if (payment.providerReference && (await provider.expireCheckout({ id: payment.id, providerReference: payment.providerReference })) === "completed") {
    throw checkoutCompleted();
  }
  await applyPaymentFactIn(tx, { provider: provider.name, eventId: `${provider.name}:checkout-canceled:${payment.id}`, paymentId: payment.id, occurredAt: new Date(), kind: "canceled" });
}

/**
 * Starts (or answers again) the viewer's payment for a paid course. One open payment per learner
 * and course: calls for the same learner and course wait for each other on a transaction lock,
 * the first makes the payment and asks the provider once (its idempotency key is the payment's
 * id), the others find that payment open and answer it. Asked with another coupon (or none after
 * one), the open payment is canceled, under the same lock, and a new one made. The provider's call
 * runs inside the transaction, so a provider that fails leaves nothing written. A 100% coupon needs
 * no provider: the payment is SUCCEEDED at once and enrolls like any other.
 */
export async function startCheckout(context: Context, courseGlobalId: string, couponCode: string | null): Promise<CheckoutView> {
  // Before anything is read or written; a 100% coupon's checkout too, so "off" never depends on the coupon.
  requireFeature(context.config, "payments");
  const course = await courseForSale(context, courseGlobalId);
  await requireVerifiedEmail(context);
  if (await viewerIsEnrolled(context, course)) throw conflict("You are enrolled in this course already.", { reason: "ALREADY_ENROLLED" });
  const userId = context.viewer!.userId;
  const held = await context.db.payment.findFirst({ where: { userId, courseId: course.id, status: { in: OPEN_STATUSES } }, select: { couponId: true } });
  const coupon = couponCode ? await couponForCheckout(context, course, couponCode, held?.couponId) : null;
  const price = priceOf(course, coupon);
  const user = (await findUser(context, userId))!;
  const provider = await paymentProvider(context.config);

  const started = await context.db.$transaction(async (tx) => {
    await lockCheckouts(tx, userId, course.id);
    const [open] = await tx.$queryRaw<PaymentRow[]>`
      SELECT ${PAYMENT_COLUMNS} FROM payments p
      WHERE p.user_id = ${userId}::uuid AND p.course_id = ${course.id}::uuid AND p.status IN ('REQUIRES_PAYMENT', 'PROCESSING')`;
    if (open) {
      if (open.couponId === (coupon?.id ?? null) && !lapsed(context, open)) return { payment: open, fresh: false };
      await cancelOpenPayment(tx, provider, open);
    }
    const free = price.amountCents === 0;
    const payment = await tx.payment.create({
      data: {
        userId,
        courseId: course.id,
        amountCents: price.amountCents,
        listPriceCents: price.listPriceCents,
        currency: price.currency,
        couponId: coupon?.id ?? null,
        provider: free ? COUPON_PROVIDER : provider.name,
        ...(free ? { status: "SUCCEEDED", settledAt: new Date() } : {}),
      },
    });
    if (coupon && !(await takeRedemption(tx, coupon, payment))) throw usedUp();
    if (free) {
      await paymentSucceeded(tx, payment, payment.createdAt);
      return { payment, fresh: false };
    }
    const checkout = await provider.createCheckout({
      paymentId: payment.id,
      amountCents: payment.amountCents,
      currency: payment.currency,
      courseTitle: course.title,
      customerEmail: user.email,
      successUrl: returnPageUrl(context, payment.id),
      cancelUrl: `${context.config.publicUrl}/courses/${course.slug}`,
    });
    const stored = await tx.payment.update({
      where: { id: payment.id },
      data: { providerReference: checkout.providerReference, checkoutUrl: checkout.checkoutUrl, clientSecret: checkout.clientSecret },
    });
    return { payment: stored, fresh: true, checkout };
  });
  context.loader(paymentById).clear(started.payment.id).prime(started.payment.id, started.payment);
  if (started.checkout) return { payment: started.payment, checkoutUrl: started.checkout.checkoutUrl, clientSecret: started.checkout.clientSecret };
  return started.payment.status === "SUCCEEDED" ? { payment: started.payment, checkoutUrl: null, clientSecret: null } : checkoutOf(context, started.payment);
}

/**
 * The learner abandons their open checkout (the return page's "Cancel"): the provider's checkout
 * is ended and the payment CANCELED, under the lock startCheckout takes, so a checkout starting
 * meanwhile waits and then makes a new payment. A payment that settled, or whose checkout was
 * completed meanwhile, is refused with CONFLICT.
 */
export async function cancelCheckout(context: Context, paymentGlobalId: string): Promise<PaymentRow> {
  // Canceling asks the provider to end its checkout: with payments off the server calls no provider,
  // and an open checkout lapses by itself (the local link's TTL, Stripe's session expiry, its webhook).
  requireFeature(context.config, "payments");
  const payment = await findVisiblePayment(context, parseId(paymentGlobalId, "Payment", "paymentId"));
  if (!payment) throw notFound("Payment");
  await authorize(context, paymentPolicy.cancel, payment);
  const provider = await paymentProvider(context.config);
  const canceled = await context.db.$transaction(async (tx) => {
    await lockCheckouts(tx, payment.userId, payment.courseId);
    const [locked] = await tx.$queryRaw<PaymentRow[]>`SELECT ${PAYMENT_COLUMNS} FROM payments p WHERE p.id = ${payment.id}::uuid`;
    if (!OPEN_STATUSES.includes(locked.status)) {
      throw conflict(`This payment is ${locked.status} already: only an open checkout can be canceled.`, { reason: "PAYMENT_SETTLED" });
    }
    await cancelOpenPayment(tx, provider, locked);
    return tx.payment.findUniqueOrThrow({ where: { id: locked.id } });
  });
  context.loader(paymentById).clear(canceled.id).prime(canceled.id, canceled);
  return canceled;
}

/**
 * The course's owner or an admin refunds a succeeded payment, in part or in full (amountCents
 * null: what is left). The refund row is written first, under the payment's lock, so concurrent
 * refunds never add up to more than was paid; the provider is asked with the row's id as its
 * idempotency key; what it confirms is applied as a provider's report would be.
 */
export async function refundPayment(context: Context, paymentGlobalId: string, amountCents: number | null, reason: string | null): Promise<PaymentRow> {
  requireFeature(context.config, "payments");
  const payment = await findVisiblePayment(context, parseId(paymentGlobalId, "Payment", "paymentId"));
  if (!payment) throw notFound("Payment");
  await authorize(context, paymentPolicy.refund, payment);
  const cleanReason = reason?.trim() || null;
  if (cleanReason && cleanReason.length > MAX_REASON_LENGTH) throw badInput({ reason: `must be at most ${MAX_REASON_LENGTH} characters` });
  if (amountCents != null && !(Number.isInteger(amountCents) && amountCents > 0)) throw badInput({ amountCents: "must be a positive whole number of cents" });

  const refund = await context.db.$transaction(async (tx) => {
    const [locked] = await tx.$queryRaw<PaymentRow[]>`SELECT ${PAYMENT_COLUMNS} FROM payments p WHERE p.id = ${payment.id}::uuid FOR UPDATE`;
    if (locked.status !== "SUCCEEDED" && locked.status !== "PARTIALLY_REFUNDED") {
      throw conflict(`Only a paid payment can be refunded; this one is ${locked.status}.`, { reason: "PAYMENT_NOT_REFUNDABLE" });
    }
    const refunds = await tx.refund.groupBy({ by: ["status"], where: { paymentId: locked.id, status: { in: ["PENDING", "SUCCEEDED"] } }, _sum: { amountCents: true } });
    const sumOf = (status: "PENDING" | "SUCCEEDED") => refunds.find((group) => group.status === status)?._sum.amountCents ?? 0;
    // Refunds made elsewhere (Stripe's dashboard) count through refunded_cents; ours once confirmed, before it reflects them too.
    const refundable = locked.amountCents - Math.max(locked.refundedCents, sumOf("SUCCEEDED")) - sumOf("PENDING");
    const amount = amountCents ?? refundable;
    if (amount <= 0) throw badInput({ amountCents: "nothing is left to refund on this payment" }, undefined, "REFUND_EXCEEDS_PAYMENT");
    if (amount > refundable) throw badInput({ amountCents: `must be at most ${refundable}, what is left of the payment` }, undefined, "REFUND_EXCEEDS_PAYMENT");
    return tx.refund.create({ data: { paymentId: locked.id, amountCents: amount, reason: cleanReason, requestedBy: context.viewer!.userId } });
  });

  const provider = await paymentProvider(context.config);
  if (payment.provider !== provider.name) {
    await context.db.refund.update({ where: { id: refund.id }, data: { status: "FAILED", failureMessage: `paid through ${payment.provider}, not ${provider.name}` } });
    throw conflict(`This payment went through ${payment.provider}, which this server does not use now: refund it there.`, { reason: "REFUND_FAILED" });
  }
  let providerReference: string;
  try {
    ({ providerReference } = await provider.refund({
      paymentId: payment.id,
      refundId: refund.id,
      providerReference: payment.providerReference!,
      amountCents: refund.amountCents,
      reason: refund.reason,
    }));
  } catch (error) {
    context.log.warn({ err: error, paymentId: payment.id, refundId: refund.id }, "the payment provider refused a refund");
    await context.db.refund.update({ where: { id: refund.id }, data: { status: "FAILED", failureMessage: error instanceof Error ? error.message : String(error) } });
    throw conflict("The payment provider refused the refund; nothing was refunded.", { reason: "REFUND_FAILED" });
  }
  await context.db.refund.update({ where: { id: refund.id }, data: { status: "SUCCEEDED", providerReference } });
  const confirmed = await context.db.refund.aggregate({ where: { paymentId: payment.id, status: "SUCCEEDED" }, _sum: { amountCents: true } });
  // The provider's total also counts refunds made elsewhere (Stripe's dashboard) whose webhook may
  // not have arrived yet. Unknown when it cannot be asked now: that webhook brings it later.
  const providerTotal = await provider.fetchState({ id: payment.id, providerReference: payment.providerReference! }).then(
    (state) => state.refundedCents,
    () => 0,
  );
  await applyPaymentFact(context, {
    provider: provider.name,
    eventId: `${provider.name}:refund:${refund.id}`,
    paymentId: payment.id,
    occurredAt: new Date(),
    kind: "refunded",
    refundedCents: Math.max(confirmed._sum.amountCents ?? 0, providerTotal),
  });
  const refunded = await context.db.payment.findUniqueOrThrow({ where: { id: payment.id } });
  context.loader(paymentById).clear(refunded.id).prime(refunded.id, refunded);
  return refunded;
}

async function listPayments(context: Context, page: PageArgs, list: string, where: Prisma.PaymentWhereInput): Promise<Connection<PaymentRow>> {
  const window = pageWindow(context, page, list);
  const [afterId] = (window.after ?? []) as string[];
  const rows = await context.db.payment.findMany({
    where: afterId ? { AND: [where, { id: { lt: afterId } }] } : where,
    orderBy: { id: "desc" },
    take: window.limit + 1,
  });
  for (const row of rows) context.loader(paymentById).prime(row.id, row);
  return toConnection(rows, window, (row) => [row.id], () => context.db.payment.count({ where }));
}

/** The viewer's payments, the newest first. */
export function myPayments(context: Context, page: PageArgs): Promise<Connection<PaymentRow>> {
  return listPayments(context, page, "myPayments", { userId: context.viewer!.userId });
}

/** The course's payments, the newest first: for its owner and admins. */
export async function coursePayments(context: Context, courseGlobalId: string, page: PageArgs): Promise<Connection<PaymentRow>> {
  const course = await findVisibleCourse(context, parseId(courseGlobalId, "Course", "courseId"));
  if (!course) throw notFound("Course");
  await authorize(context, coursePolicy.manage, course, "Only the course's owner or an admin may see its payments.");
  return listPayments(context, page, `coursePayments:${course.id}`, { courseId: course.id });
}

/** The payment of a paymentId argument the viewer may see: NOT_FOUND otherwise (when subscribing and for every event). */
export async function getVisiblePayment(context: Context, paymentGlobalId: string): Promise<PaymentRow> {
  const payment = await findVisiblePayment(context, parseId(paymentGlobalId, "Payment", "paymentId"));
  if (!payment) throw notFound("Payment");
  return payment;
}
