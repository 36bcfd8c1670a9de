import { useState } from "react";
import { InstructorCandidate } from "./InstructorCandidate";
import { InstructorCandidateSearch } from "./InstructorCandidateSearch";

interface InstructorSearchProps {
  courseId: string;
  /** The course's instructors already, left out of the results. */
  excludedIds: ReadonlySet<string>;
}

/** Admins only: the API lets nobody else search users. */
export function InstructorSearch({ courseId, excludedIds }: InstructorSearchProps) {
  const [text, setText] = useState("");
  return (
    <InstructorCandidateSearch
      label="Add a co-instructor"
      text={text}
      onTextChange={setText}
      excludedIds={excludedIds}
      renderCandidate={(user) => (
        <InstructorCandidate
          courseId={courseId}
          userId={user.id}
          displayName={user.profile.displayName}
          detail={<span className="muted">{user.email}</span>}
          onAdded={() => setText("")}
        />
      )}
    />
  );
}
