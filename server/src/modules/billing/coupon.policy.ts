// Who may see and change a course's coupons: its owner and admins, as for its price.
import type { Context } from "../../platform/context.ts";
import type { Action, Predicate } from "../../platform/policy.ts";
import { courseById, coursePolicy } from "../catalog/index.ts";
import { couponById, type CouponRow } from "./billing.loaders.ts";

export const managesCouponCourse: Predicate<CouponRow> = async (context, coupon) => {
  const course = await context.loader(courseById).load(coupon.courseId);
  return course !== null && (await coursePolicy.manage.allows(context, course));
};

export const couponPolicy = {
  manage: { allows: managesCouponCourse, refusal: { message: "Only the course's owner or an admin may manage its coupons.", reason: "NOT_COURSE_OWNER" } },
} satisfies Record<string, Action<CouponRow>>;

/** The coupon, for its course's owner and admins; null for everyone else. */
export async function findVisibleCoupon(context: Context, id: string): Promise<CouponRow | null> {
  const coupon = await context.loader(couponById).load(id);
  return coupon && (await couponPolicy.manage.allows(context, coupon)) ? coupon : null;
}
