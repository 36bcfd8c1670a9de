import { Link } from "react-router";
import { catalogPathForTag } from "./catalogFilters";

/** A course's tags, each leading to the catalog filtered by it. */
export function TagList({ tags }: { tags: readonly string[] }) {
  if (tags.length === 0) return null;
  return (
    <ul className="tag-list" aria-label="Tags">
      {tags.map((tag) => (
        <li key={tag}>
          <Link to={catalogPathForTag(tag)} className="tag">
            {tag}
          </Link>
        </li>
      ))}
    </ul>
  );
}
