DROP TRIGGER profiles_refresh_course_search ON "profiles";
DROP FUNCTION profiles_refresh_course_search();

DROP TRIGGER course_instructors_refresh_course_search ON "course_instructors";
DROP FUNCTION course_instructors_refresh_course_search();

-- The search document without the instructors' names, as before.
CREATE OR REPLACE FUNCTION courses_search_vector_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  tags_text text := coalesce(array_to_string(NEW.tags, ' '), '');
BEGIN
  NEW.search_vector :=
    setweight(to_tsvector('english', coalesce(NEW.title, '')) || to_tsvector('simple', coalesce(NEW.title, '')), 'A') ||
    setweight(to_tsvector('english', coalesce(NEW.subtitle, '')) || to_tsvector('simple', coalesce(NEW.subtitle, '')), 'B') ||
    setweight(to_tsvector('english', tags_text) || to_tsvector('simple', tags_text), 'C') ||
    setweight(to_tsvector('english', coalesce(NEW.description, '')) || to_tsvector('simple', coalesce(NEW.description, '')), 'D');
  RETURN NEW;
END
$$;

DROP TRIGGER courses_search_vector ON "courses";
CREATE TRIGGER courses_search_vector
  BEFORE INSERT OR UPDATE OF title, subtitle, tags, description ON "courses"
  FOR EACH ROW EXECUTE FUNCTION courses_search_vector_refresh();

DROP FUNCTION course_search_document(courses);

UPDATE "courses" SET title = title;
