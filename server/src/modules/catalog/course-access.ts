// Who may see and change a course. Drafts and archived courses are invisible (null, NOT_FOUND)
// to everyone but the course's instructors and admins.
import type { Course } from "../../generated/prisma/client.ts";
import type { Context } from "../../platform/context.ts";
import { forbidden, notFound } from "../../platform/errors.ts";
import { parseId } from "../../platform/ids.ts";
import { coInstructorIdsByCourse, courseById } from "./course.loaders.ts";

export type CourseRow = Course;

export const isAdmin = (context: Context) => context.viewer?.role === "ADMIN";

export const isOwnerOrAdmin = (context: Context, course: CourseRow) =>
  isAdmin(context) || context.viewer?.userId === course.ownerId;

/** The owner, a co-instructor or an admin: may edit content and see every status. */
export async function isCourseEditor(context: Context, course: CourseRow): Promise<boolean> {
  const viewer = context.viewer;
  if (!viewer) return false;
  if (isOwnerOrAdmin(context, course)) return true;
  const coInstructors = await context.loader(coInstructorIdsByCourse).load(course.id);
  return coInstructors.includes(viewer.userId);
}

export async function canViewCourse(context: Context, course: CourseRow): Promise<boolean> {
  return course.status === "PUBLISHED" || isCourseEditor(context, course);
}

export async function findVisibleCourse(context: Context, id: string): Promise<CourseRow | null> {
  const course = await context.loader(courseById).load(id);
  return course && (await canViewCourse(context, course)) ? course : null;
}

/**
 * The course behind a global id argument, for a change: NOT_FOUND when the viewer cannot see it,
 * FORBIDDEN when they can see it but not edit it.
 */
export async function getEditableCourse(context: Context, globalId: string, field = "id"): Promise<CourseRow> {
  const course = await findVisibleCourse(context, parseId(globalId, "Course", field));
  if (!course) throw notFound("Course");
  if (!(await isCourseEditor(context, course))) throw forbidden("Only the course's instructors may change it.");
  return course;
}

/** For what co-instructors may not do: pricing, deletion, managing instructors. */
export async function getOwnedCourse(context: Context, globalId: string, field = "id"): Promise<CourseRow> {
  const course = await getEditableCourse(context, globalId, field);
  if (!isOwnerOrAdmin(context, course)) throw forbidden("Only the course's owner or an admin may do this.");
  return course;
}

/** Forgets cached rows after a change, so the rest of the request sees the new state. */
export function forgetCourse(context: Context, id: string): void {
  context.loader(courseById).clear(id);
  context.loader(coInstructorIdsByCourse).clear(id);
}
