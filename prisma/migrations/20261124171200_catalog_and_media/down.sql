-- Loses data: every course, co-instructor, section and video row.
DROP TRIGGER courses_search_vector ON "courses";
DROP FUNCTION courses_search_vector_refresh();

DROP TABLE "videos";
DROP TABLE "sections";
DROP TABLE "course_instructors";
DROP TABLE "courses";

DROP TYPE "VideoStatus";
DROP TYPE "CourseStatus";
