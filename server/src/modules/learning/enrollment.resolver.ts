import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { EnrollmentStatus } from "../../generated/prisma/enums.ts";
import type { Context } from "../../platform/context.ts";
import { PageArgs } from "../../platform/pagination.ts";
import { Course, findVisibleCourse } from "../catalog/index.ts";
import { findUser, User } from "../identity/index.ts";
import * as enrollments from "./enrollment.service.ts";
import { Enrollment, EnrollmentConnection } from "./enrollment.type.ts";
import type { EnrollmentRow } from "./learning.loaders.ts";
import { courseProgress } from "./progress.service.ts";
import { CourseProgress } from "./progress.type.ts";

@Resolver(() => Enrollment)
export class EnrollmentResolver {
  @Query(() => EnrollmentConnection)
  myEnrollments(
    @Args(() => PageArgs) page: PageArgs,
    @Arg("status", () => EnrollmentStatus, { nullable: true }) status: EnrollmentStatus | null,
    @Ctx() context: Context,
  ) {
    return enrollments.myEnrollments(context, page, status);
  }

  @Query(() => EnrollmentConnection, { description: "Course instructors and admins." })
  courseStudents(@Arg("courseId", () => ID) courseId: string, @Args(() => PageArgs) page: PageArgs, @Ctx() context: Context) {
    return enrollments.courseStudents(context, courseId, page);
  }

  @Mutation(() => Enrollment, { description: "Free courses; a paid course answers PAYMENT_REQUIRED." })
  enroll(@Arg("courseId", () => ID) courseId: string, @Ctx() context: Context) {
    return enrollments.enroll(context, courseId);
  }

  @Mutation(() => Enrollment, { description: "Course owner or admin: enroll a user without payment." })
  grantEnrollment(@Arg("courseId", () => ID) courseId: string, @Arg("userId", () => ID) userId: string, @Ctx() context: Context) {
    return enrollments.grantEnrollment(context, courseId, userId);
  }

  @Mutation(() => Enrollment, { description: "Admin only." })
  revokeEnrollment(@Arg("enrollmentId", () => ID) enrollmentId: string, @Ctx() context: Context) {
    return enrollments.revokeEnrollment(context, enrollmentId);
  }

  @FieldResolver(() => User)
  user(@Root() enrollment: EnrollmentRow, @Ctx() context: Context) {
    return findUser(context, enrollment.userId);
  }

  @FieldResolver(() => Course)
  course(@Root() enrollment: EnrollmentRow, @Ctx() context: Context) {
    return findVisibleCourse(context, enrollment.courseId);
  }

  @FieldResolver(() => CourseProgress)
  progress(@Root() enrollment: EnrollmentRow, @Ctx() context: Context) {
    return courseProgress(context, enrollment);
  }
}
