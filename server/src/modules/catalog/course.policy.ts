// Who may see, edit and manage a course. Drafts and archived courses are invisible (null,
// NOT_FOUND) to everyone but the course's instructors and admins and whom a later module's read
// right lets see them (learning: an archived course's learners); co-instructors edit content,
// while pricing, deletion, the teaching team and ownership are the owner's or an admin's.
import type { Context } from "../../platform/context.ts";
import { notFound } from "../../platform/errors.ts";
import { parseId } from "../../platform/ids.ts";
import { anyOf, authorize, type Action, type Predicate } from "../../platform/policy.ts";
import { isAdmin } from "../identity/index.ts";
import { courseReadRights } from "./catalog.extensions.ts";
import { coursePublicScope } from "./catalog.scopes.ts";
import { coInstructorIdsByCourse, courseById, taughtCourseIds, type CourseRow } from "./course.loaders.ts";

export const isOwner: Predicate<CourseRow> = (context, course) => context.viewer?.userId === course.ownerId;

export const isCoInstructor: Predicate<CourseRow> = async (context, course) => {
  const viewer = context.viewer;
  if (!viewer) return false;
  return (await context.loader(coInstructorIdsByCourse).load(course.id)).includes(viewer.userId);
};

export const isPublished: Predicate<CourseRow> = (_context, course) => course.status === "PUBLISHED";

/** The owner, a co-instructor or an admin: may edit content and see every status. */
export const isCourseEditor: Predicate<CourseRow> = anyOf(isAdmin, isOwner, isCoInstructor);

/** One of the later modules' read rights lets the viewer see this course that is not published. */
export const hasReadRight: Predicate<CourseRow> = async (context, course) => {
  for (const mayRead of context.extensions.of(courseReadRights)) if (await mayRead(context, course)) return true;
  return false;
};

export const coursePolicy = {
  read: {
    allows: anyOf(isPublished, isCourseEditor, hasReadRight),
    refusal: { message: "This course is not published." },
  },
  edit: {
    allows: isCourseEditor,
    refusal: { message: "Only the course's instructors may change it.", reason: "NOT_COURSE_INSTRUCTOR" },
  },
  /** Price, deletion, co-instructors, ownership: not for co-instructors. */
  manage: {
    allows: anyOf(isAdmin, isOwner),
    refusal: { message: "Only the course's owner or an admin may do this.", reason: "NOT_COURSE_OWNER" },
  },
} satisfies Record<string, Action<CourseRow>>;

/**
 * Where the catalog's public fields answer the viewer otherwise than an anonymous visitor
 * (Module.viewerScopes): an admin everywhere; an instructor in the courses they teach, whatever
 * their role now (drafts, every video, viewerCanEdit).
 */
export async function scopesOfEditedCourses(context: Context): Promise<string[] | "all"> {
  const viewer = context.viewer;
  if (!viewer) return [];
  if (await isAdmin(context, null)) return "all";
  return (await taughtCourseIds(context, viewer.userId)).map(coursePublicScope);
}

/** The course, when the viewer may see it; null otherwise, as if it did not exist. */
export async function findVisibleCourse(context: Context, id: string): Promise<CourseRow | null> {
  const course = await context.loader(courseById).load(id);
  return course && (await coursePolicy.read.allows(context, course)) ? course : null;
}

/**
 * The course behind a global id argument, for an action: NOT_FOUND when the viewer cannot see it,
 * the action's refusal (FORBIDDEN) when they can see it but not do this.
 */
async function courseFor(context: Context, action: Action<CourseRow>, globalId: string, field: string): Promise<CourseRow> {
  const course = await findVisibleCourse(context, parseId(globalId, "Course", field));
  if (!course) throw notFound("Course");
  return authorize(context, action, course);
}

/** For a change to the course or its content. */
export const getEditableCourse = (context: Context, globalId: string, field = "id") => courseFor(context, coursePolicy.edit, globalId, field);

/** For what co-instructors may not do: pricing, deletion, managing instructors. */
export const getOwnedCourse = (context: Context, globalId: string, field = "id") =>
  courseFor(context, coursePolicy.edit, globalId, field).then((course) => authorize(context, coursePolicy.manage, course));
