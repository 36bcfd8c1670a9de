import { useMutation } from "@apollo/client/react";
import { useState } from "react";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { InlineError } from "../../components/InlineError";
import { toastSuccess } from "../../components/toasts/toastQueue";
import { TransferCourseOwnershipDocument } from "../../gql/graphql";
import { InstructorCandidateSearch } from "./InstructorCandidateSearch";

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
  const [text, setText] = useState("");
  const [chosen, setChosen] = useState<Candidate | null>(null);
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
      <InstructorCandidateSearch
        label="Make another instructor the owner"
        hint="The new owner manages the course, its price and its instructors; the current owner will no longer teach it."
        text={text}
        onTextChange={setText}
        excludedIds={new Set([owner.id])}
        renderCandidate={(user) => (
          <li>
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
        )}
      />
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
