import { useMutation, useQuery } from "@apollo/client/react";
import { useId, useState } from "react";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { InlineError } from "../../components/InlineError";
import { toastSuccess } from "../../components/toasts/toastQueue";
import { useDebouncedValue } from "../../hooks/useDebouncedValue";
import { InstructorCandidatesDocument, TransferCourseOwnershipDocument } from "../../gql/graphql";

const SEARCH_DEBOUNCE_MS = 300;
const MIN_SEARCH_LENGTH = 2;

interface CourseOwnerTransferProps {
  courseId: string;
  courseTitle: string;
  owner: { id: string; name: string };
}

interface Candidate {
  id: string;
  name: string;
}

/**
 * Admins only (the API refuses everyone else): hands the course to another instructor, for
 * example when its owner no longer teaches. The previous owner leaves the course's instructors.
 */
export function CourseOwnerTransfer({ courseId, courseTitle, owner }: CourseOwnerTransferProps) {
  const id = useId();
  const [text, setText] = useState("");
  const [chosen, setChosen] = useState<Candidate | null>(null);
  const search = useDebouncedValue(text.trim(), SEARCH_DEBOUNCE_MS);
  const searching = search.length >= MIN_SEARCH_LENGTH;
  const candidates = useQuery(InstructorCandidatesDocument, { variables: { search }, skip: !searching });
  const found = (candidates.data?.users.nodes ?? []).filter((user) => user.id !== owner.id);
  const [transfer, transferring] = useMutation(TransferCourseOwnershipDocument, { errorPolicy: "all" });

  const confirmTransfer = async (candidate: Candidate) => {
    setChosen(null);
    const result = await transfer({ variables: { courseId, newOwnerId: candidate.id } });
    if (!result.data) return;
    toastSuccess(`${candidate.name} now owns “${courseTitle}”.`);
    setText("");
  };

  return (
    <div className="field owner-transfer">
      <label htmlFor={id}>Make another instructor the owner</label>
      <input
        id={id}
        type="search"
        value={text}
        placeholder="Name or email of an instructor"
        aria-describedby={`${id}-hint ${id}-results`}
        onChange={(event) => setText(event.target.value)}
      />
      <p id={`${id}-hint`} className="field-hint">
        The new owner manages the course, its price and its instructors; the current owner will no longer teach it.
      </p>
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
              <li key={user.id}>
                <span>
                  {user.profile.displayName} <span className="muted">{user.email}</span>
                </span>
                <button
                  type="button"
                  className="button button-secondary button-small"
                  disabled={transferring.loading}
                  onClick={() => setChosen({ id: user.id, name: user.profile.displayName })}
                >
                  Make owner<span className="visually-hidden"> {user.profile.displayName}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
      <InlineError error={transferring.error} />
      <ConfirmDialog
        isOpen={chosen !== null}
        title={`Make ${chosen?.name ?? ""} the owner?`}
        confirmLabel="Make owner"
        cancelLabel="Keep the current owner"
        onConfirm={() => chosen && void confirmTransfer(chosen)}
        onCancel={() => setChosen(null)}
      >
        <p>
          {chosen?.name} will own “{courseTitle}”. {owner.name} will no longer be one of its instructors. Learners keep
          their access.
        </p>
      </ConfirmDialog>
    </div>
  );
}
