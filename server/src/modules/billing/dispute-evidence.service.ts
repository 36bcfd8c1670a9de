// The evidence a course's owner or an admin hands Stripe when a learner's bank disputes a payment
// (a chargeback): the learner's address and name, when they enrolled, their sign-ins, and what
// they watched. Personal data: only for a payment that is or was disputed.
import type { Context } from "../../platform/context.ts";
import { conflict } from "../../platform/errors.ts";
import { toGlobalId } from "../../platform/ids.ts";
import { authorize, type Action } from "../../platform/policy.ts";
import { findUser, profileOf, signInsOf } from "../identity/index.ts";
import { watchHistoryOf } from "../learning/index.ts";
import { videoById } from "../media/index.ts";
import type { PaymentRow } from "./billing.loaders.ts";
import { managesPaymentCourse } from "./payment.policy.ts";
import { getVisiblePayment } from "./payment.service.ts";
import type { DisputeEvidence } from "./dispute-evidence.type.ts";

const SIGN_INS_SHOWN = 100;

/** The learner sees their payment, never the evidence gathered against their dispute. */
const exportEvidence: Action<PaymentRow> = {
  allows: managesPaymentCourse,
  refusal: { message: "Only the course's owner or an admin may export a dispute's evidence.", reason: "NOT_COURSE_OWNER_OR_ADMIN" },
};

export async function disputeEvidence(context: Context, paymentGlobalId: string): Promise<DisputeEvidence> {
  const payment = await authorize(context, exportEvidence, await getVisiblePayment(context, paymentGlobalId));
  if (!payment.disputeId) throw conflict("This payment was never disputed: there is no dispute to answer.", { reason: "PAYMENT_NOT_DISPUTED" });
  const learner = { userId: payment.userId, courseId: payment.courseId };
  const [user, profile, history, signIns] = await Promise.all([
    findUser(context, payment.userId),
    profileOf(context, payment.userId),
    watchHistoryOf(context, learner),
    signInsOf(context, payment.userId, { limit: SIGN_INS_SHOWN }),
  ]);
  const videos = await context.loader(videoById).loadMany(history?.videos.map((video) => video.videoId) ?? []);
  return {
    payment,
    generatedAt: new Date(),
    customerEmail: user!.email,
    customerName: profile.displayName,
    enrolledAt: history?.enrolledAt ?? null,
    enrollmentStatus: history?.status ?? null,
    signIns: signIns.map(({ ip, ...signIn }) => ({ ...signIn, ipAddress: ip })),
    watchedVideos: (history?.videos ?? []).map((video, index) => {
      const row = videos[index];
      return { ...video, videoId: toGlobalId("Video", video.videoId), videoTitle: row && !(row instanceof Error) ? row.title : null };
    }),
  };
}
