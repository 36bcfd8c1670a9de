-- The enrollments' trigger keeps courses.popularity by increments again: recounted first (only the
-- courses whose count is off), so that the increments start from the true counts.
UPDATE courses c SET popularity = counted.learners
FROM (
  SELECT c2.id, count(e.id)::int AS learners
  FROM courses c2 LEFT JOIN enrollments e ON e.course_id = c2.id AND e.status IN ('ACTIVE', 'COMPLETED')
  GROUP BY c2.id
) counted
WHERE c.id = counted.id AND c.popularity <> counted.learners;

CREATE FUNCTION enrollments_keep_course_popularity() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  counted_before int := CASE WHEN TG_OP <> 'INSERT' AND OLD.status IN ('ACTIVE', 'COMPLETED') THEN 1 ELSE 0 END;
  counted_after int := CASE WHEN TG_OP <> 'DELETE' AND NEW.status IN ('ACTIVE', 'COMPLETED') THEN 1 ELSE 0 END;
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.course_id <> NEW.course_id THEN
    UPDATE courses SET popularity = popularity - counted_before WHERE id = OLD.course_id AND counted_before <> 0;
    UPDATE courses SET popularity = popularity + counted_after WHERE id = NEW.course_id AND counted_after <> 0;
  ELSIF counted_after <> counted_before THEN
    UPDATE courses SET popularity = popularity + counted_after - counted_before
      WHERE id = CASE WHEN TG_OP = 'DELETE' THEN OLD.course_id ELSE NEW.course_id END;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER enrollments_keep_course_popularity AFTER INSERT OR UPDATE OF status, course_id OR DELETE ON "enrollments"
  FOR EACH ROW EXECUTE FUNCTION enrollments_keep_course_popularity();
