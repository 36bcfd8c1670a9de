-- A course's search document also holds its instructors' display names (owner and co-instructors),
-- at weight B: below the title, beside the subtitle. Like the other fields, stemmed ('english') and
-- as written ('simple'), so leading words match stemmed and the word being typed as a prefix.
--
-- The names are identity's (profiles); the document is the catalog's. Reading the names at query
-- time would join profiles and course_instructors into every search and leave the ranking to rows
-- the GIN index cannot serve, so the document is rebuilt where it can go stale instead: when a
-- course's text or owner changes, when its team changes, and when an instructor renames. The
-- trigger on profiles is a database-level dependency of the catalog on identity's
-- profiles(user_id, display_name), in the direction modules may depend (catalog on identity), like
-- the catalog's foreign keys to users.
CREATE FUNCTION course_search_document(course courses) RETURNS tsvector LANGUAGE plpgsql STABLE AS $$
DECLARE
  tags_text text := coalesce(array_to_string(course.tags, ' '), '');
  instructor_names text := coalesce((
    SELECT string_agg(p.display_name, ' ') FROM profiles p
    WHERE p.user_id = course.owner_id
       OR p.user_id IN (SELECT ci.user_id FROM course_instructors ci WHERE ci.course_id = course.id)
  ), '');
BEGIN
  RETURN
    setweight(to_tsvector('english', coalesce(course.title, '')) || to_tsvector('simple', coalesce(course.title, '')), 'A') ||
    setweight(to_tsvector('english', coalesce(course.subtitle, '')) || to_tsvector('simple', coalesce(course.subtitle, '')), 'B') ||
    setweight(to_tsvector('english', instructor_names) || to_tsvector('simple', instructor_names), 'B') ||
    setweight(to_tsvector('english', tags_text) || to_tsvector('simple', tags_text), 'C') ||
    setweight(to_tsvector('english', coalesce(course.description, '')) || to_tsvector('simple', coalesce(course.description, '')), 'D');
END
$$;

CREATE OR REPLACE FUNCTION courses_search_vector_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_vector := course_search_document(NEW);
  RETURN NEW;
END
$$;

DROP TRIGGER courses_search_vector ON "courses";
CREATE TRIGGER courses_search_vector
  BEFORE INSERT OR UPDATE OF title, subtitle, tags, description, owner_id ON "courses"
  FOR EACH ROW EXECUTE FUNCTION courses_search_vector_refresh();

-- A co-instructor added or removed (also when their account goes: the row is deleted first).
CREATE FUNCTION course_instructors_refresh_course_search() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE courses c SET search_vector = course_search_document(c)
    WHERE c.id IN (CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE OLD.course_id END,
                   CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE NEW.course_id END);
  RETURN NULL;
END
$$;

CREATE TRIGGER course_instructors_refresh_course_search AFTER INSERT OR UPDATE OR DELETE ON "course_instructors"
  FOR EACH ROW EXECUTE FUNCTION course_instructors_refresh_course_search();

-- An instructor renames: the courses they own or co-teach.
CREATE FUNCTION profiles_refresh_course_search() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE courses c SET search_vector = course_search_document(c)
    WHERE c.owner_id = NEW.user_id
       OR c.id IN (SELECT ci.course_id FROM course_instructors ci WHERE ci.user_id = NEW.user_id);
  RETURN NULL;
END
$$;

CREATE TRIGGER profiles_refresh_course_search AFTER UPDATE OF display_name ON "profiles"
  FOR EACH ROW WHEN (OLD.display_name IS DISTINCT FROM NEW.display_name)
  EXECUTE FUNCTION profiles_refresh_course_search();

UPDATE "courses" c SET search_vector = course_search_document(c);
