import { useQuery } from "@apollo/client/react";
import { useId, useState } from "react";
import { InlineError } from "../../components/InlineError";
import { useDebouncedValue } from "../../hooks/useDebouncedValue";
import { InstructorCandidatesDocument } from "../../gql/graphql";
import { InstructorCandidate } from "./InstructorCandidate";

const SEARCH_DEBOUNCE_MS = 300;
const MIN_SEARCH_LENGTH = 2;

interface InstructorSearchProps {
  courseId: string;
  /** The course's instructors already, left out of the results. */
  excludedIds: ReadonlySet<string>;
}

/** Admins only: the API lets nobody else search users. */
export function InstructorSearch({ courseId, excludedIds }: InstructorSearchProps) {
  const id = useId();
  const [text, setText] = useState("");
  const search = useDebouncedValue(text.trim(), SEARCH_DEBOUNCE_MS);
  const searching = search.length >= MIN_SEARCH_LENGTH;
  const candidates = useQuery(InstructorCandidatesDocument, { variables: { search }, skip: !searching });
  const found = (candidates.data?.users.nodes ?? []).filter((user) => !excludedIds.has(user.id));

  return (
    <div className="field">
      <label htmlFor={id}>Add a co-instructor</label>
      <input
        id={id}
        type="search"
        value={text}
        placeholder="Name or email of an instructor"
        aria-describedby={`${id}-results`}
        onChange={(event) => setText(event.target.value)}
      />
      <div id={`${id}-results`} aria-live="polite">
        {candidates.error ? (
          <InlineError error={candidates.error} />
        ) : searching && candidates.loading ? (
          <p className="muted">Searching…</p>
        ) : searching && found.length === 0 ? (
          <p className="muted">No other instructor matches “{search}”.</p>
        ) : (
          <ul className="candidate-list">
            {found.map((user) => (
              <InstructorCandidate
                key={user.id}
                courseId={courseId}
                userId={user.id}
                displayName={user.profile.displayName}
                detail={<span className="muted">{user.email}</span>}
                onAdded={() => setText("")}
              />
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
