-- The public response cache (server/src/platform/public-response-cache.ts) shares anonymous
-- answers until a table they are read from changes. These triggers tell every server instance:
-- PostgreSQL delivers a notification only when its transaction commits (never for a rolled-back
-- one) and folds a transaction's identical notifications into one. A module whose fields join
-- the public ones (Module.publicFields) adds its tables here, in a migration of its own.
CREATE FUNCTION notify_public_data_changed() RETURNS trigger LANGUAGE plpgsql AS $$
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
