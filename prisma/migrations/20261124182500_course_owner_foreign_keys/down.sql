ALTER TABLE "course_instructors" DROP CONSTRAINT "course_instructors_user_id_fkey";

ALTER TABLE "courses" DROP CONSTRAINT "courses_owner_id_fkey";
