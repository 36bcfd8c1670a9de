// Why billing refuses a request: extensions.reason beside the contract's code.
declare module "../../platform/errors.ts" {
  interface ErrorReasons {
    /** BAD_USER_INPUT: a free course is enrolled in (enroll), not bought. */
    COURSE_IS_FREE: "billing";
    /** CONFLICT: the learner is enrolled in the course already. */
    ALREADY_ENROLLED: "billing";
    /** CONFLICT: the learner's open checkout of the course went through a provider this server no longer uses, so it cannot be ended here. */
    CHECKOUT_OPEN: "billing";
    /** CONFLICT: the open checkout was completed meanwhile (paid, or a delayed payment under way), so it cannot be canceled or changed. */
    CHECKOUT_COMPLETED: "billing";
    /** CONFLICT: only an open payment (REQUIRES_PAYMENT) can be canceled; this one has settled. */
    PAYMENT_SETTLED: "billing";
    /** FORBIDDEN: only the payment's learner may cancel it. */
    NOT_PAYER: "billing";
    /** BAD_USER_INPUT: no active coupon of the course has this code. */
    COUPON_INVALID: "billing";
    /** BAD_USER_INPUT: the coupon's expiry has passed. */
    COUPON_EXPIRED: "billing";
    /** BAD_USER_INPUT: the coupon's redemptions are all taken. */
    COUPON_USED_UP: "billing";
    /** CONFLICT: a coupon with this code exists for the course (codes ignore case). */
    COUPON_CODE_TAKEN: "billing";
    /** FORBIDDEN: refunds are for the course's owner and admins. */
    NOT_COURSE_OWNER_OR_ADMIN: "billing";
    /** CONFLICT: only a payment that succeeded can be refunded. */
    PAYMENT_NOT_REFUNDABLE: "billing";
    /** BAD_USER_INPUT: the refund is more than what is left of the payment. */
    REFUND_EXCEEDS_PAYMENT: "billing";
    /** CONFLICT: the payment provider refused the refund; nothing was refunded. */
    REFUND_FAILED: "billing";
    /** RATE_LIMITED: the payment provider (Stripe) is not answering or throttles us; try again after retryAfterSeconds. */
    PAYMENT_PROVIDER_UNAVAILABLE: "billing";
    /** CONFLICT: the course's price is below the smallest amount the payment provider accepts. */
    PRICE_NOT_PAYABLE: "billing";
    /** CONFLICT: evidence is exported only for a payment that is or was disputed. */
    PAYMENT_NOT_DISPUTED: "billing";
    /** CONFLICT: a course anyone ever paid for (or tried to) is archived, never deleted. */
    COURSE_HAS_PAYMENTS: "billing";
  }
}

export {};
