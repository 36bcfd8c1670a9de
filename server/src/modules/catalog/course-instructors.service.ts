// The course's teaching team: its owner first, then co-instructors in the order they were added.
import type { Context } from "../../platform/context.ts";
import { badInput } from "../../platform/errors.ts";
import { parseId } from "../../platform/ids.ts";
import { findUser, teachesCourses, type UserRow } from "../identity/index.ts";
import { coInstructorIdsByCourse, forgetCourse, type CourseRow } from "./course.loaders.ts";
import { getOwnedCourse } from "./course.policy.ts";
import { lockCourse } from "./course.service.ts";

/** Waits for the co-instructors, so a page asks for all its owners and co-instructors in one batch. */
export async function ownerOf(context: Context, course: CourseRow): Promise<UserRow | null> {
  await context.loader(coInstructorIdsByCourse).load(course.id);
  return findUser(context, course.ownerId);
}

export async function instructorsOf(context: Context, course: CourseRow): Promise<UserRow[]> {
  const coInstructors = await context.loader(coInstructorIdsByCourse).load(course.id);
  const users = await Promise.all([course.ownerId, ...coInstructors].map((id) => findUser(context, id)));
  return users.filter((user): user is UserRow => user !== null);
}

export async function addCourseInstructor(context: Context, courseId: string, userGlobalId: string): Promise<CourseRow> {
  const course = await getOwnedCourse(context, courseId, "courseId");
  const userId = parseId(userGlobalId, "User", "userId");
  const user = await findUser(context, userId);
  if (!user || !teachesCourses(user)) throw badInput({ userId: "is not an instructor" });
  if (userId === course.ownerId) throw badInput({ userId: "is the course's owner already" });
  // Adding someone already on the team changes nothing, also when several requests add them at once.
  await context.db.courseInstructor.createMany({ data: [{ courseId: course.id, userId }], skipDuplicates: true });
  forgetCourse(context, course.id);
  return course;
}

/**
 * An admin hands a course to another instructor or admin: what to do with the courses of an
 * owner who no longer teaches (a demoted instructor's published courses stay in the catalog, and
 * learners keep them, but he can no longer edit them). The previous owner leaves the teaching
 * team; a co-instructor who becomes the owner leaves the co-instructors.
 */
export async function transferCourseOwnership(context: Context, courseId: string, newOwnerGlobalId: string): Promise<CourseRow> {
  const course = await getOwnedCourse(context, courseId, "courseId");
  const newOwnerId = parseId(newOwnerGlobalId, "User", "newOwnerId");
  const newOwner = await findUser(context, newOwnerId);
  if (!newOwner || !teachesCourses(newOwner)) throw badInput({ newOwnerId: "is not an instructor or admin" });
  const transferred = await context.db.$transaction(async (tx) => {
    await lockCourse(tx, course.id);
    const { ownerId } = await tx.course.findUniqueOrThrow({ where: { id: course.id }, select: { ownerId: true } });
    if (ownerId === newOwnerId) throw badInput({ newOwnerId: "owns this course already" });
    await tx.courseInstructor.deleteMany({ where: { courseId: course.id, userId: newOwnerId } });
    return tx.course.update({ where: { id: course.id }, data: { ownerId: newOwnerId } });
  });
  forgetCourse(context, course.id);
  return transferred;
}

export async function removeCourseInstructor(context: Context, courseId: string, userGlobalId: string): Promise<CourseRow> {
  const course = await getOwnedCourse(context, courseId, "courseId");
  const userId = parseId(userGlobalId, "User", "userId");
  if (userId === course.ownerId) throw badInput({ userId: "is the course's owner, who cannot be removed" });
  const removed = await context.db.courseInstructor.deleteMany({ where: { courseId: course.id, userId } });
  if (removed.count === 0) throw badInput({ userId: "is not a co-instructor of this course" });
  forgetCourse(context, course.id);
  return course;
}
