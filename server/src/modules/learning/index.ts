// learning: enrollments, progress, completion and certificates. Built so far: the enrollments
// table (prisma/schema/learning.prisma) and what the catalog asks of it; enrolling, progress and
// certificates, with their GraphQL types, are not built yet.
export { hasEverHadEnrollments } from "./enrollment.service.ts";
