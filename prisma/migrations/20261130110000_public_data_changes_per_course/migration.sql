-- The public response cache (server/src/platform/public-response-cache.ts) drops only the kept
-- answers that showed what changed, rather than all of them on any change: each notification
-- names the table and the scopes its changed rows are shown in, the tags a kept answer records
-- from the objects it showed (Module.publicScopes): `course:<id>` for a course and its team,
-- sections and videos, `user:<id>` for a profile, and `courses` for the catalog's lists, which a
-- change to any course row may reorder, fill or empty.
--
-- Statement-level triggers with transition tables: a statement that writes 10,000 rows sends one
-- notification naming its distinct scopes, and one that writes none (an UPDATE matching no row)
-- sends none. Past MAX_SCOPES scopes (NOTIFY payloads stop at 8000 bytes) and on TRUNCATE the
-- notification names no scopes, which drops every kept answer. PostgreSQL delivers notifications
-- at commit, to every listening server instance, and folds a transaction's identical ones.
--
-- Arguments: the scope's kind ('course', 'user'), the column holding its id, then tags every
-- change to the table touches (the courses table's 'courses').
CREATE OR REPLACE FUNCTION notify_public_data_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  max_scopes CONSTANT int := 100;
  changed_rows text := CASE TG_OP
    WHEN 'INSERT' THEN 'SELECT * FROM new_rows'
    WHEN 'DELETE' THEN 'SELECT * FROM old_rows'
    ELSE 'SELECT * FROM old_rows UNION ALL SELECT * FROM new_rows' END;
  ids text[];
BEGIN
  IF TG_OP <> 'TRUNCATE' THEN
    EXECUTE format('SELECT array_agg(id) FROM (SELECT DISTINCT %I::text AS id FROM (%s) changed LIMIT %s) ids', TG_ARGV[1], changed_rows, max_scopes + 1)
      INTO ids;
    IF ids IS NULL THEN
      RETURN NULL;
    END IF;
  END IF;
  PERFORM pg_notify('public_data_changed', json_build_object(
    'table', TG_TABLE_NAME,
    'scopes', CASE WHEN cardinality(ids) <= max_scopes
      THEN ARRAY(SELECT TG_ARGV[0] || ':' || id FROM unnest(ids) AS id) || TG_ARGV[2:]
    END
  )::text);
  RETURN NULL;
END
$$;

DROP TRIGGER courses_public_data_changed ON "courses";
DROP TRIGGER course_instructors_public_data_changed ON "course_instructors";
DROP TRIGGER sections_public_data_changed ON "sections";
DROP TRIGGER videos_public_data_changed ON "videos";
DROP TRIGGER profiles_public_data_changed ON "profiles";

-- A trigger with transition tables has one event (PostgreSQL refuses more): four per table.
CREATE PROCEDURE watch_public_data(watched regclass, VARIADIC scope text[]) LANGUAGE plpgsql AS $$
DECLARE
  arguments text := (SELECT string_agg(quote_literal(argument), ', ') FROM unnest(scope) AS argument);
  prefix text := (SELECT relname FROM pg_class WHERE oid = watched);
BEGIN
  EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %s REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION notify_public_data_changed(%s)',
    prefix || '_public_data_inserted', watched, arguments);
  EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %s REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION notify_public_data_changed(%s)',
    prefix || '_public_data_updated', watched, arguments);
  EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %s REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION notify_public_data_changed(%s)',
    prefix || '_public_data_deleted', watched, arguments);
  EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %s FOR EACH STATEMENT EXECUTE FUNCTION notify_public_data_changed(%s)',
    prefix || '_public_data_truncated', watched, arguments);
END
$$;

CALL watch_public_data('courses', 'course', 'id', 'courses');
CALL watch_public_data('course_instructors', 'course', 'course_id');
CALL watch_public_data('sections', 'course', 'course_id');
CALL watch_public_data('videos', 'course', 'course_id');
CALL watch_public_data('profiles', 'user', 'user_id');
