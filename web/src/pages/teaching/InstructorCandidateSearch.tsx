import { useQuery } from "@apollo/client/react";
import { Fragment, useId, type ReactNode } from "react";
import { Input, Label, SearchField, Text } from "react-aria-components";
import { InlineError } from "../../components/InlineError";
import { useDebouncedValue } from "../../hooks/useDebouncedValue";
import { InstructorCandidatesDocument, type InstructorCandidatesQuery } from "../../gql/graphql";

const SEARCH_DEBOUNCE_MS = 300;
const MIN_SEARCH_LENGTH = 2;

export type InstructorCandidateMatch = InstructorCandidatesQuery["users"]["nodes"][number];

interface InstructorCandidateSearchProps {
  label: string;
  /** Shown under the field, read with it. */
  hint?: string;
  /** The typed text: the caller empties it once it has acted on a result. */
  text: string;
  onTextChange(text: string): void;
  /** People never offered, e.g. those already in the role the search is for. */
  excludedIds: ReadonlySet<string>;
  /** One result: an `<li>` with what the caller lets the admin do with that person. */
  renderCandidate(candidate: InstructorCandidateMatch): ReactNode;
}

/**
 * Admins only (the API lets nobody else search users): finds instructors by name or email as the
 * admin types, and announces what it found (or that nobody matches) to screen readers.
 */
export function InstructorCandidateSearch({
  label,
  hint,
  text,
  onTextChange,
  excludedIds,
  renderCandidate,
}: InstructorCandidateSearchProps) {
  const resultsId = useId();
  const search = useDebouncedValue(text.trim(), SEARCH_DEBOUNCE_MS);
  const searching = search.length >= MIN_SEARCH_LENGTH;
  const candidates = useQuery(InstructorCandidatesDocument, { variables: { search }, skip: !searching });
  const found = (candidates.data?.users.nodes ?? []).filter((user) => !excludedIds.has(user.id));

  return (
    <SearchField
      className="field"
      value={text}
      onChange={onTextChange}
      aria-describedby={resultsId}
    >
      <Label>{label}</Label>
      <Input placeholder="Name or email of an instructor" />
      {hint && (
        <Text slot="description" elementType="p" className="field-hint">
          {hint}
        </Text>
      )}
      <div id={resultsId} aria-live="polite">
        {candidates.error ? (
          <InlineError error={candidates.error} />
        ) : searching && candidates.loading ? (
          <p className="muted">Searching…</p>
        ) : searching && found.length === 0 ? (
          <p className="muted">No other instructor matches “{search}”.</p>
        ) : (
          <ul className="candidate-list">
            {found.map((user) => (
              <Fragment key={user.id}>{renderCandidate(user)}</Fragment>
            ))}
          </ul>
        )}
      </div>
    </SearchField>
  );
}
