// Who may use billing's operations. Whose payment, whose course: the services decide per entity
// (NOT_FOUND for what the viewer cannot see, FORBIDDEN for what they see but may not do).
import { hasScope, isPersonalSession, isSignedIn, type RuleMap } from "../../platform/authorization.ts";

const readsPayments = hasScope("payments:read");
const managesCourses = hasScope("courses:write");

export const billingRules: RuleMap = {
  Query: {
    myPayments: readsPayments,
    coursePayments: readsPayments,
    checkoutPreview: readsPayments,
    courseCoupons: readsPayments,
    // The learner's sign-ins and viewing, for a person answering a dispute: no partner's key.
    paymentDisputeEvidence: isPersonalSession,
  },
  Mutation: {
    // Money moves for a person signed in themselves: no partner's key buys or refunds for them.
    startCheckout: isPersonalSession,
    refundPayment: isPersonalSession,
    // The learner's own hand abandons their checkout (the return page's Cancel).
    cancelCheckout: isPersonalSession,
    createCoupon: managesCourses,
    deactivateCoupon: managesCourses,
  },
  Subscription: { paymentUpdated: readsPayments },
  // Reached only through the fields above, which decide; they always belong to someone signed in.
  Payment: isSignedIn,
  PaymentConnection: isSignedIn,
  PaymentEdge: isSignedIn,
  PaymentDispute: isSignedIn,
  Refund: isSignedIn,
  CheckoutSession: isSignedIn,
  CheckoutPreview: isSignedIn,
  Coupon: isSignedIn,
  DisputeEvidence: isSignedIn,
  EvidenceSignIn: isSignedIn,
  EvidenceWatchedVideo: isSignedIn,
  EvidenceRange: isSignedIn,
};
