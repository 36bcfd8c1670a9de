// Who may see and refund a payment: its learner sees it and may cancel it while open; the course's
// owner and admins see it, its dispute, and refund it (co-instructors teach, they do not handle the
// course's money).
import type { Context } from "../../platform/context.ts";
import { anyOf, type Action, type Predicate } from "../../platform/policy.ts";
import { courseById, coursePolicy } from "../catalog/index.ts";
import { paymentById, type PaymentRow } from "./billing.loaders.ts";

export const isPayer: Predicate<PaymentRow> = (context, payment) => context.viewer?.userId === payment.userId;

/** The owner of the payment's course, or an admin (catalog's manage policy, whatever the course's status). */
export const managesPaymentCourse: Predicate<PaymentRow> = async (context, payment) => {
  const course = await context.loader(courseById).load(payment.courseId);
  return course !== null && (await coursePolicy.manage.allows(context, course));
};

export const paymentPolicy = {
  read: { allows: anyOf(isPayer, managesPaymentCourse), refusal: { message: "This payment is not yours." } },
  refund: {
    allows: managesPaymentCourse,
    refusal: { message: "Only the course's owner or an admin may refund its payments.", reason: "NOT_COURSE_OWNER_OR_ADMIN" },
  },
  /** Abandoning a checkout is its learner's decision; the course's team sees it, and may refund once paid. */
  cancel: { allows: isPayer, refusal: { message: "Only the learner who started this payment may cancel it.", reason: "NOT_PAYER" } },
  /** A dispute is between the seller and the learner's bank: the course's owner and admins answer it. */
  seeDispute: { allows: managesPaymentCourse, refusal: { message: "Only the course's owner or an admin may see a payment's dispute.", reason: "NOT_COURSE_OWNER_OR_ADMIN" } },
  /** Stripe Elements' client secret completes the payment: its learner's only. */
  pay: { allows: isPayer, refusal: { message: "Only the learner who started this payment may pay it." } },
} satisfies Record<string, Action<PaymentRow>>;

/** The payment, when the viewer may see it; null otherwise, as if it did not exist. */
export async function findVisiblePayment(context: Context, id: string): Promise<PaymentRow | null> {
  const payment = await context.loader(paymentById).load(id);
  return payment && (await paymentPolicy.read.allows(context, payment)) ? payment : null;
}
