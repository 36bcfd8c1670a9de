import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../../platform/context.ts";
import { Course, courseById } from "../catalog/index.ts";
import type { CouponRow } from "./billing.loaders.ts";
import * as coupons from "./coupon.service.ts";
import { Coupon, CreateCouponInput } from "./coupon.type.ts";

@Resolver(() => Coupon)
export class CouponResolver {
  @Query(() => [Coupon], { description: "Course owner and admins: the course's coupons, the newest first." })
  courseCoupons(@Arg("courseId", () => ID) courseId: string, @Ctx() context: Context) {
    return coupons.courseCoupons(context, courseId);
  }

  @Mutation(() => Coupon, { description: "Course owner or admin: a discount on the course, percent or amount off." })
  createCoupon(@Arg("input", () => CreateCouponInput) input: CreateCouponInput, @Ctx() context: Context) {
    return coupons.createCoupon(context, input);
  }

  @Mutation(() => Coupon, { description: "Course owner or admin: no new checkout may use it; payments that did keep their price." })
  deactivateCoupon(@Arg("id", () => ID) id: string, @Ctx() context: Context) {
    return coupons.deactivateCoupon(context, id);
  }

  @FieldResolver(() => Course)
  course(@Root() coupon: CouponRow, @Ctx() context: Context) {
    return context.loader(courseById).load(coupon.courseId);
  }
}
