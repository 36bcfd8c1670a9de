// learning: enrollments, progress, completion and certificates. Built so far: the enrollments
// table (prisma/schema/learning.prisma) and the catalog's questions about it (may a course be
// deleted, how many learners count towards its popularity); enrolling, progress and certificates,
// with their GraphQL types, are not built yet.
import { extend } from "../../platform/extension-points.ts";
import type { Module } from "../../platform/module.ts";
import { deletionVetoes, popularitySources } from "../catalog/index.ts";
import { countLearnersByCourse, refuseDeletingEnrolledCourse } from "./enrollment.service.ts";

export const learning: Module = {
  name: "learning",
  resolvers: [],
  rules: {},
  extensions: [extend(deletionVetoes, refuseDeletingEnrolledCourse), extend(popularitySources, countLearnersByCourse)],
};
