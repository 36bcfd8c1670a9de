-- courses.popularity is no longer kept by enrollments' trigger: every enrollment then updated
-- courses, whose trigger tells the public response cache to drop every kept anonymous page. The
-- catalog recounts it on a schedule instead (server/src/modules/catalog/course-popularity.ts),
-- writing only the courses whose count changed.
DROP TRIGGER enrollments_keep_course_popularity ON "enrollments";
DROP FUNCTION enrollments_keep_course_popularity();
