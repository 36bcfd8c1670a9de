-- Search-as-you-type: a prefix of a word must match even where it is longer than the word's
-- English stem ("programmi" is no prefix of the stem "program"). The document therefore holds
-- each field's words twice, stemmed ('english') and as written ('simple'), at the same weight.
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

UPDATE "courses" SET title = title;
