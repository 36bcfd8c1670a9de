-- The triggers watch_public_data made, four a table.
DROP TRIGGER profiles_public_data_truncated ON "profiles";
DROP TRIGGER profiles_public_data_deleted ON "profiles";
DROP TRIGGER profiles_public_data_updated ON "profiles";
DROP TRIGGER profiles_public_data_inserted ON "profiles";
DROP TRIGGER videos_public_data_truncated ON "videos";
DROP TRIGGER videos_public_data_deleted ON "videos";
DROP TRIGGER videos_public_data_updated ON "videos";
DROP TRIGGER videos_public_data_inserted ON "videos";
DROP TRIGGER sections_public_data_truncated ON "sections";
DROP TRIGGER sections_public_data_deleted ON "sections";
DROP TRIGGER sections_public_data_updated ON "sections";
DROP TRIGGER sections_public_data_inserted ON "sections";
DROP TRIGGER course_instructors_public_data_truncated ON "course_instructors";
DROP TRIGGER course_instructors_public_data_deleted ON "course_instructors";
DROP TRIGGER course_instructors_public_data_updated ON "course_instructors";
DROP TRIGGER course_instructors_public_data_inserted ON "course_instructors";
DROP TRIGGER courses_public_data_truncated ON "courses";
DROP TRIGGER courses_public_data_deleted ON "courses";
DROP TRIGGER courses_public_data_updated ON "courses";
DROP TRIGGER courses_public_data_inserted ON "courses";

DROP PROCEDURE watch_public_data(regclass, text[]);

-- One notification without scopes for any change, as before.
CREATE OR REPLACE FUNCTION notify_public_data_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('public_data_changed', '');
  RETURN NULL;
END
$$;

CREATE TRIGGER courses_public_data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "courses"
  FOR EACH STATEMENT EXECUTE FUNCTION notify_public_data_changed();
CREATE TRIGGER course_instructors_public_data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "course_instructors"
  FOR EACH STATEMENT EXECUTE FUNCTION notify_public_data_changed();
CREATE TRIGGER sections_public_data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "sections"
  FOR EACH STATEMENT EXECUTE FUNCTION notify_public_data_changed();
CREATE TRIGGER videos_public_data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "videos"
  FOR EACH STATEMENT EXECUTE FUNCTION notify_public_data_changed();
CREATE TRIGGER profiles_public_data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "profiles"
  FOR EACH STATEMENT EXECUTE FUNCTION notify_public_data_changed();
