import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { CourseStatus } from "../../generated/prisma/enums.ts";
import type { Context } from "../../platform/context.ts";
import { badInput } from "../../platform/errors.ts";
import { parseId } from "../../platform/ids.ts";
import { PageArgs } from "../../platform/pagination.ts";
import { User } from "../identity/index.ts";
import { courseIdBySlug, type CourseRow } from "./course.loaders.ts";
import { coursePolicy, findVisibleCourse } from "./course.policy.ts";
import { may } from "../../platform/policy.ts";
import * as courses from "./course.service.ts";
import * as instructors from "./course-instructors.service.ts";
import * as workflow from "./course-workflow.service.ts";
import { listCatalog, listTeachingCourses } from "./catalog.service.ts";
import { Course, CourseConnection, CourseFilter, CourseOrder, CreateCourseInput, UpdateCourseInput } from "./course.type.ts";

@Resolver(() => Course)
export class CourseResolver {
  @Query(() => Course, {
    nullable: true,
    description: "A course the viewer may see: published, or any status for its instructors and admins; else null.",
  })
  async course(
    @Arg("id", () => ID, { nullable: true }) id: string | null,
    @Arg("slug", () => String, { nullable: true }) slug: string | null,
    @Ctx() context: Context,
  ) {
    if ((id == null) === (slug == null)) throw badInput({ id: "give either id or slug", slug: "give either id or slug" });
    const courseId = id != null ? parseId(id, "Course", "id") : await context.loader(courseIdBySlug).load(slug!);
    return courseId ? findVisibleCourse(context, courseId) : null;
  }

  @Query(() => CourseConnection, { description: "The published catalog." })
  courses(
    @Args(() => PageArgs) page: PageArgs,
    @Arg("filter", () => CourseFilter, { nullable: true }) filter: CourseFilter | null,
    @Arg("orderBy", () => CourseOrder, { nullable: true }) orderBy: CourseOrder | null,
    @Ctx() context: Context,
  ) {
    return listCatalog(context, page, filter, orderBy);
  }

  @Query(() => CourseConnection, { description: "Courses the viewer teaches, every status." })
  teachingCourses(
    @Args(() => PageArgs) page: PageArgs,
    @Arg("status", () => CourseStatus, { nullable: true }) status: CourseStatus | null,
    @Ctx() context: Context,
  ) {
    return listTeachingCourses(context, page, status);
  }

  @Mutation(() => Course)
  createCourse(@Arg("input", () => CreateCourseInput) input: CreateCourseInput, @Ctx() context: Context) {
    return courses.createCourse(context, input);
  }

  @Mutation(() => Course)
  updateCourse(
    @Arg("id", () => ID) id: string,
    @Arg("input", () => UpdateCourseInput) input: UpdateCourseInput,
    @Ctx() context: Context,
  ) {
    return courses.updateCourse(context, id, input);
  }

  @Mutation(() => Course, { description: "Needs at least one READY video." })
  publishCourse(@Arg("id", () => ID) id: string, @Ctx() context: Context) {
    return workflow.publishCourse(context, id);
  }

  @Mutation(() => Course)
  unpublishCourse(@Arg("id", () => ID) id: string, @Ctx() context: Context) {
    return workflow.unpublishCourse(context, id);
  }

  @Mutation(() => Course)
  archiveCourse(@Arg("id", () => ID) id: string, @Ctx() context: Context) {
    return workflow.archiveCourse(context, id);
  }

  @Mutation(() => Boolean, { description: "Only a course nobody is enrolled in." })
  deleteCourse(@Arg("id", () => ID) id: string, @Ctx() context: Context) {
    return courses.deleteCourse(context, id);
  }

  @Mutation(() => Course)
  addCourseInstructor(
    @Arg("courseId", () => ID) courseId: string,
    @Arg("userId", () => ID) userId: string,
    @Ctx() context: Context,
  ) {
    return instructors.addCourseInstructor(context, courseId, userId);
  }

  @Mutation(() => Course)
  removeCourseInstructor(
    @Arg("courseId", () => ID) courseId: string,
    @Arg("userId", () => ID) userId: string,
    @Ctx() context: Context,
  ) {
    return instructors.removeCourseInstructor(context, courseId, userId);
  }

  @Mutation(() => Course, {
    description:
      "Admins: makes another instructor or admin the course's owner; the previous owner leaves its instructors. For the courses of an owner who no longer teaches.",
  })
  transferCourseOwnership(
    @Arg("courseId", () => ID) courseId: string,
    @Arg("newOwnerId", () => ID) newOwnerId: string,
    @Ctx() context: Context,
  ) {
    return instructors.transferCourseOwnership(context, courseId, newOwnerId);
  }

  @FieldResolver(() => Boolean)
  isFree(@Root() course: CourseRow) {
    return course.priceCents === 0;
  }

  @FieldResolver(() => User)
  owner(@Root() course: CourseRow, @Ctx() context: Context) {
    return instructors.ownerOf(context, course);
  }

  @FieldResolver(() => [User])
  instructors(@Root() course: CourseRow, @Ctx() context: Context) {
    return instructors.instructorsOf(context, course);
  }

  @FieldResolver(() => Boolean, { description: "Whether the viewer may change the course and its content: its instructors and admins." })
  viewerCanEdit(@Root() course: CourseRow, @Ctx() context: Context) {
    return may(context, coursePolicy.edit, course);
  }

  @FieldResolver(() => Boolean, {
    description: "Whether the viewer may change the course's price, its instructors and delete it: its owner and admins.",
  })
  viewerCanManage(@Root() course: CourseRow, @Ctx() context: Context) {
    return may(context, coursePolicy.manage, course);
  }
}
