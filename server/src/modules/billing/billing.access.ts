// The billing module's rows of the authorization matrix (run by test/authorization.test.ts). Rows
// act on fresh paid courses of the matrix's owner; a payment to refund is bought by a new learner.
import { allowOnly, PEOPLE, type AccessRow, type AccessWorld, type MatrixActor, type Verdict } from "../../../test/support/access-matrix.ts";
import { databaseId } from "../../../test/support/ids.ts";
import { buyer, CREATE_COUPON, createCoupon, paidCourse, purchased, REFUND, START_CHECKOUT, startCheckout } from "./billing.fixtures.ts";
import { applyPaymentFact } from "./payment-settlement.service.ts";

const courseOfOwner = (world: AccessWorld) => paidCourse(world.server, world.cast.owner.accessToken);
const uniqueCode = () => `CODE-${Math.random().toString(36).slice(2, 10).toUpperCase()}`;

/** A new learner's open payment for a new course of the owner. */
async function openPayment(world: AccessWorld): Promise<string> {
  const { courseId } = await courseOfOwner(world);
  return (await startCheckout(world.server, (await buyer(world.server)).accessToken, courseId)).payment.id as string;
}

/** A new learner's payment for a new course of the owner, bought and then disputed (as the provider would report it). */
async function disputedPayment(world: AccessWorld): Promise<string> {
  const { courseId } = await courseOfOwner(world);
  const payment = await purchased(world.server, (await buyer(world.server)).accessToken, courseId);
  const paymentId = databaseId(payment.id);
  await applyPaymentFact(world.server.app.platform, { provider: "local", eventId: `dispute:${paymentId}`, paymentId, occurredAt: new Date(), kind: "disputeOpened", disputeId: `dp_${paymentId}` });
  return payment.id;
}

/** The course's owner and admins, in person or through a key with the scope. */
const ownerAndAdmins = allowOnly("owner", "admin", "ownerKey", "adminKey");
const signedInWithScope = allowOnly(...PEOPLE, "ownerKey", "adminKey");
/** What only the owner and admins may see is absent (NOT_FOUND) to the other people signed in. */
const hiddenFromOthers = (verdicts: Record<MatrixActor, Verdict>): Record<MatrixActor, Verdict> => ({ ...verdicts, student: "hide", otherInstructor: "hide" });

export const accessRows: AccessRow[] = [
  { operation: "Query.myPayments", document: `query { myPayments(first: 1) { totalCount } }`, verdicts: signedInWithScope },
  {
    operation: "Query.coursePayments",
    document: `query ($courseId: ID!) { coursePayments(courseId: $courseId) { totalCount nodes { id } } }`,
    variables: async (world) => ({ courseId: (await courseOfOwner(world)).courseId }),
    verdicts: ownerAndAdmins,
  },
  {
    operation: "Query.checkoutPreview",
    document: `query ($courseId: ID!) { checkoutPreview(courseId: $courseId) { amountCents } }`,
    variables: async (world) => ({ courseId: (await courseOfOwner(world)).courseId }),
    verdicts: signedInWithScope,
  },
  {
    operation: "Query.courseCoupons",
    document: `query ($courseId: ID!) { courseCoupons(courseId: $courseId) { id } }`,
    variables: async (world) => ({ courseId: (await courseOfOwner(world)).courseId }),
    verdicts: ownerAndAdmins,
  },
  {
    // A person buys for themselves; buying needs a verified address, which only the matrix's student has.
    operation: "Mutation.startCheckout",
    document: START_CHECKOUT,
    variables: async (world) => ({ courseId: (await courseOfOwner(world)).courseId }),
    verdicts: allowOnly("student"),
  },
  {
    // Money goes back at the owner's or an admin's own hand, never a key's; others do not see the payment.
    operation: "Mutation.refundPayment",
    document: REFUND,
    variables: async (world) => {
      const { courseId } = await courseOfOwner(world);
      const payment = await purchased(world.server, (await buyer(world.server)).accessToken, courseId);
      return { paymentId: payment.id, amountCents: 100 };
    },
    verdicts: hiddenFromOthers(allowOnly("owner", "admin")),
  },
  {
    // The learner abandons their own checkout, in person; the course's team sees it but may not cancel it; others do not see it.
    operation: "Mutation.cancelCheckout",
    document: `mutation ($paymentId: ID!) { cancelCheckout(paymentId: $paymentId) { id status } }`,
    variables: async (world) => {
      const { courseId } = await courseOfOwner(world);
      return { paymentId: (await startCheckout(world.server, world.cast.student.accessToken, courseId)).payment.id as string };
    },
    verdicts: { ...allowOnly("student"), otherInstructor: "hide" },
  },
  {
    // The learner's sign-ins and viewing: for the owner's or an admin's own eyes, of a disputed payment.
    operation: "Query.paymentDisputeEvidence",
    document: `query ($paymentId: ID!) { paymentDisputeEvidence(paymentId: $paymentId) { customerEmail signIns { at } } }`,
    variables: async (world) => ({ paymentId: await disputedPayment(world) }),
    verdicts: hiddenFromOthers(allowOnly("owner", "admin")),
  },
  {
    operation: "Mutation.createCoupon",
    document: CREATE_COUPON,
    variables: async (world) => ({ input: { courseId: (await courseOfOwner(world)).courseId, code: uniqueCode(), percentOff: 10 } }),
    verdicts: ownerAndAdmins,
  },
  {
    operation: "Mutation.deactivateCoupon",
    document: `mutation ($id: ID!) { deactivateCoupon(id: $id) { id deactivatedAt } }`,
    variables: async (world) => {
      const { courseId } = await courseOfOwner(world);
      return { id: (await createCoupon(world.server, world.cast.owner.accessToken, { courseId, code: uniqueCode(), amountOffCents: 500 })).id };
    },
    verdicts: hiddenFromOthers(ownerAndAdmins),
  },
  {
    // Over HTTP: refused, absent, or told to subscribe over WebSocket (payment-live.test.ts subscribes).
    operation: "Subscription.paymentUpdated",
    document: `subscription ($paymentId: ID!) { paymentUpdated(paymentId: $paymentId) { id status } }`,
    variables: async (world) => ({ paymentId: await openPayment(world) }),
    verdicts: hiddenFromOthers(ownerAndAdmins),
  },
];
