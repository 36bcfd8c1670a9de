DROP TRIGGER profiles_public_data_changed ON "profiles";
DROP TRIGGER videos_public_data_changed ON "videos";
DROP TRIGGER sections_public_data_changed ON "sections";
DROP TRIGGER course_instructors_public_data_changed ON "course_instructors";
DROP TRIGGER courses_public_data_changed ON "courses";

DROP FUNCTION notify_public_data_changed();
