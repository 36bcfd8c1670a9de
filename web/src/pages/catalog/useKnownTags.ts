import { useEffect, useState } from "react";

/**
 * Every tag seen on the courses loaded so far (the API has no tag list).
 * Tags stay once seen, so filtering by one does not make the others vanish.
 */
export function useKnownTags(courses: readonly { tags: readonly string[] }[], selected: string) {
  const [known, setKnown] = useState<readonly string[]>([]);
  useEffect(() => {
    setKnown((previous) => {
      const merged = new Set(previous);
      for (const course of courses) for (const tag of course.tags) merged.add(tag);
      if (selected) merged.add(selected);
      return merged.size === previous.length
        ? previous
        : [...merged].sort((a, b) => a.localeCompare(b));
    });
  }, [courses, selected]);
  return known;
}
