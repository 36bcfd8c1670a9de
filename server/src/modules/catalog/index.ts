// catalog: courses, co-instructors, the publishing workflow and the searchable catalog.
// Its refusals' reasons, for every program that compiles the module (not only the server's, which includes every file).
import "./catalog.reasons.ts";
import { fieldCoordinates, type Module } from "../../platform/module.ts";
import { connectionFieldCoordinates } from "../../platform/pagination.ts";
import { catalogListeners } from "./catalog.events.ts";
import { catalogRules } from "./catalog.rules.ts";
import { coursePublicScope } from "./catalog.scopes.ts";
import type { CourseRow } from "./course.loaders.ts";
import { findVisibleCourse, scopesOfEditedCourses } from "./course.policy.ts";
import { COURSES_PREFIX, isCoverUploadOpen } from "./course-cover.ts";
import { CourseCoverResolver } from "./course-cover.resolver.ts";
import { CourseResolver } from "./course.resolver.ts";
import { scheduleCoursePopularityRefresh } from "./course-popularity.ts";

export { Course } from "./course.type.ts";
export { courseById, type CourseRow } from "./course.loaders.ts";
export { instructorsOf } from "./course-instructors.service.ts";
export { coursePolicy, findVisibleCourse, getEditableCourse, isCourseEditor } from "./course.policy.ts";
export { lockCourse } from "./course.service.ts";
export { readsCatalog } from "./catalog.rules.ts";
export { courseDeletion, deletionVetoes, publishPreconditions, type CourseCheck, type CourseDeletionHook } from "./catalog.extensions.ts";
export { ownCoverUrl } from "./course-cover.ts";
export { courseReadRights, popularitySources, type CourseReadRight, type PopularitySource } from "./catalog.extensions.ts";
export { refreshCoursePopularity } from "./course-popularity.ts";
export { averageRating, recordCourseRating, type CourseRatingTotals } from "./course-rating.ts";
export { isCoInstructor, isOwner } from "./course.policy.ts";
export { coursePublicScope } from "./catalog.scopes.ts";

export const catalog: Module = {
  name: "catalog",
  resolvers: [CourseResolver, CourseCoverResolver],
  rules: catalogRules,
  nodes: { Course: findVisibleCourse },
  publicFields: [
    ...fieldCoordinates("Query", ["course", "courses"]),
    ...connectionFieldCoordinates("Course"),
    ...fieldCoordinates("Course", [
      "id", "slug", "title", "subtitle", "description", "status", "priceCents", "currency", "isFree", "tags",
      "thumbnailUrl", "owner", "instructors", "publishedAt", "createdAt", "updatedAt", "viewerCanEdit", "viewerCanManage",
      "hasOwnCover",
    ]),
  ],
  // A list changes with any course row (publishing, a title, a price, the popularity); a course with its own rows and team.
  publicScopes: { Course: (course: CourseRow) => coursePublicScope(course.id), CourseConnection: () => "courses" },
  viewerScopes: scopesOfEditedCourses,
  listeners: catalogListeners,
  async start(platform) {
    platform.storage.refuseClosedUploads(COURSES_PREFIX, (key) => isCoverUploadOpen(platform, key));
    await scheduleCoursePopularityRefresh(platform);
  },
};
