// Coupons: a discount on one course, created by its owner or an admin, redeemed by checkouts.
// Redemptions are counted exactly: a checkout takes one with a conditional UPDATE of the coupon's
// row (PostgreSQL re-checks the condition after waiting for a concurrent taker), and a payment
// that fails or is canceled gives it back.
import type { Context } from "../../platform/context.ts";
import { isUniqueViolation, type Transaction } from "../../platform/db.ts";
import { badInput, conflict, notFound, type FieldErrors } from "../../platform/errors.ts";
import { parseId } from "../../platform/ids.ts";
import { authorize } from "../../platform/policy.ts";
import { coursePolicy, findVisibleCourse, type CourseRow } from "../catalog/index.ts";
import type { CouponRow, PaymentRow } from "./billing.loaders.ts";
import { findVisibleCoupon } from "./coupon.policy.ts";
import type { CreateCouponInput } from "./coupon.type.ts";

const CODE_FORMAT = /^[A-Z0-9_-]{3,32}$/;

/** Codes are compared upper-cased and trimmed: "spring-25" is SPRING-25. */
export const normalizeCode = (code: string) => code.trim().toUpperCase();

/** What the coupon takes off the list price, in minor units: never more than the price. */
export function discountOf(listPriceCents: number, coupon: Pick<CouponRow, "percentOff" | "amountOffCents"> | null): number {
  if (!coupon) return 0;
  const discount = coupon.percentOff != null ? Math.round((listPriceCents * coupon.percentOff) / 100) : (coupon.amountOffCents ?? 0);
  return Math.min(listPriceCents, discount);
}

const isExpired = (coupon: CouponRow, now: Date) => coupon.expiresAt !== null && coupon.expiresAt <= now;
const isUsedUp = (coupon: CouponRow) => coupon.maxRedemptions !== null && coupon.redemptionCount >= coupon.maxRedemptions;

/**
 * The course's coupon of this code for a checkout, or BAD_USER_INPUT on couponCode saying why not
 * (unknown or deactivated, expired, used up). Redeeming checks again, atomically (takeRedemption).
 * `heldCouponId`: the coupon the learner's open checkout of the course redeemed already; asked for
 * again it is not redeemed again, so it stays theirs whatever became of it since.
 */
export async function couponForCheckout(context: Context, course: CourseRow, code: string, heldCouponId: string | null = null): Promise<CouponRow> {
  const coupon = await context.db.coupon.findUnique({ where: { courseId_code: { courseId: course.id, code: normalizeCode(code) } } });
  if (coupon && coupon.id === heldCouponId) return coupon;
  if (!coupon || coupon.deactivatedAt) throw badInput({ couponCode: "is not a coupon of this course" }, undefined, "COUPON_INVALID");
  if (isExpired(coupon, new Date())) throw badInput({ couponCode: "has expired" }, undefined, "COUPON_EXPIRED");
  if (isUsedUp(coupon)) throw usedUp();
  return coupon;
}

export const usedUp = () => badInput({ couponCode: "has been used as many times as it may be" }, undefined, "COUPON_USED_UP");

async function managedCourse(context: Context, courseGlobalId: string): Promise<CourseRow> {
  const course = await findVisibleCourse(context, parseId(courseGlobalId, "Course", "courseId"));
  if (!course) throw notFound("Course");
  return authorize(context, coursePolicy.manage, course, "Only the course's owner or an admin may manage its coupons.");
}

function couponProblems(input: CreateCouponInput, code: string, now: Date): FieldErrors {
  const problems: FieldErrors = {};
  if (!CODE_FORMAT.test(code)) problems.code = "must be 3 to 32 letters, digits, - or _";
  if ((input.percentOff == null) === (input.amountOffCents == null)) problems.percentOff = "give either percentOff or amountOffCents";
  else if (input.percentOff != null && !(Number.isInteger(input.percentOff) && input.percentOff >= 1 && input.percentOff <= 100)) {
    problems.percentOff = "must be a whole number from 1 to 100";
  } else if (input.amountOffCents != null && !(Number.isInteger(input.amountOffCents) && input.amountOffCents >= 1)) {
    problems.amountOffCents = "must be at least 1";
  }
  if (input.maxRedemptions != null && !(Number.isInteger(input.maxRedemptions) && input.maxRedemptions >= 1)) problems.maxRedemptions = "must be at least 1";
  if (input.expiresAt != null && input.expiresAt <= now) problems.expiresAt = "must be in the future";
  return problems;
}

/** The course's owner or an admin adds a coupon; its code is unique in the course, whatever the case. */
export async function createCoupon(context: Context, input: CreateCouponInput): Promise<CouponRow> {
  const course = await managedCourse(context, input.courseId);
  const code = normalizeCode(input.code);
  const problems = couponProblems(input, code, new Date());
  if (Object.keys(problems).length > 0) throw badInput(problems);
  try {
    return await context.db.coupon.create({
      data: {
        courseId: course.id,
        code,
        percentOff: input.percentOff ?? null,
        amountOffCents: input.amountOffCents ?? null,
        expiresAt: input.expiresAt ?? null,
        maxRedemptions: input.maxRedemptions ?? null,
        createdBy: context.viewer!.userId,
      },
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict(`The course has a coupon ${code} already.`, { reason: "COUPON_CODE_TAKEN" });
    throw error;
  }
}

/** No new checkout may use it; payments that did keep their price. Deactivating again changes nothing. */
export async function deactivateCoupon(context: Context, couponGlobalId: string): Promise<CouponRow> {
  const coupon = await findVisibleCoupon(context, parseId(couponGlobalId, "Coupon", "id"));
  if (!coupon) throw notFound("Coupon");
  await context.db.coupon.updateMany({ where: { id: coupon.id, deactivatedAt: null }, data: { deactivatedAt: new Date() } });
  return context.db.coupon.findUniqueOrThrow({ where: { id: coupon.id } });
}

/** The course's coupons, the newest first: for its owner and admins. */
export async function courseCoupons(context: Context, courseGlobalId: string): Promise<CouponRow[]> {
  const course = await managedCourse(context, courseGlobalId);
  return context.db.coupon.findMany({ where: { courseId: course.id }, orderBy: { id: "desc" } });
}

/**
 * Takes one redemption of the coupon for the payment, while the coupon is active, unexpired and
 * not used up; false when it is not (the caller refuses the checkout).
 */
export async function takeRedemption(tx: Transaction, coupon: CouponRow, payment: Pick<PaymentRow, "id" | "userId">): Promise<boolean> {
  const taken = await tx.$executeRaw`
    UPDATE coupons SET redemption_count = redemption_count + 1
    WHERE id = ${coupon.id}::uuid AND deactivated_at IS NULL AND (expires_at IS NULL OR expires_at > now())
      AND (max_redemptions IS NULL OR redemption_count < max_redemptions)`;
  if (taken === 0) return false;
  await tx.couponRedemption.create({ data: { couponId: coupon.id, paymentId: payment.id, userId: payment.userId } });
  return true;
}

/** A failed or canceled payment's redemption goes back to the coupon. */
export async function releaseRedemption(tx: Transaction, payment: PaymentRow): Promise<void> {
  const released = await tx.couponRedemption.deleteMany({ where: { paymentId: payment.id } });
  if (released.count > 0) await tx.$executeRaw`UPDATE coupons SET redemption_count = redemption_count - 1 WHERE id = ${payment.couponId}::uuid`;
}

/**
 * A payment reported failed, then paid after all (a retried card): it takes its redemption again
 * if one is left, whatever the coupon's expiry or deactivation since (it was valid at checkout).
 * None left: the payment keeps its price, and the count stays exact.
 */
export async function retakeRedemption(tx: Transaction, payment: PaymentRow): Promise<void> {
  const taken = await tx.$executeRaw`
    UPDATE coupons SET redemption_count = redemption_count + 1
    WHERE id = ${payment.couponId}::uuid AND (max_redemptions IS NULL OR redemption_count < max_redemptions)
      AND NOT EXISTS (SELECT 1 FROM coupon_redemptions WHERE payment_id = ${payment.id}::uuid)`;
  if (taken > 0) await tx.couponRedemption.create({ data: { couponId: payment.couponId!, paymentId: payment.id, userId: payment.userId } });
}
