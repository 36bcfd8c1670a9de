-- Loses data: every enrollment.
DROP TRIGGER enrollments_keep_course_popularity ON "enrollments";
DROP FUNCTION enrollments_keep_course_popularity();

DROP TABLE "enrollments";

DROP TYPE "EnrollmentSource";
DROP TYPE "EnrollmentStatus";
