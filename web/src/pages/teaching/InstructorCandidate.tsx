import { useMutation } from "@apollo/client/react";
import type { ReactNode } from "react";
import { InlineError } from "../../components/InlineError";
import { toastSuccess } from "../../components/toasts/toastQueue";
import { AddCourseInstructorDocument } from "../../gql/graphql";

interface InstructorCandidateProps {
  courseId: string;
  userId: string;
  displayName: string;
  /** Shown after the name (an admin sees the address). */
  detail?: ReactNode;
  onAdded(): void;
}

/** One person who may join the course's team, with the button that adds them. */
export function InstructorCandidate({ courseId, userId, displayName, detail, onAdded }: InstructorCandidateProps) {
  const [addInstructor, adding] = useMutation(AddCourseInstructorDocument, { errorPolicy: "all" });
  return (
    <li>
      <span>
        {displayName} {detail}
      </span>
      <button
        type="button"
        className="button button-secondary button-small"
        disabled={adding.loading}
        onClick={async () => {
          const result = await addInstructor({ variables: { courseId, userId } });
          if (!result.data) return;
          toastSuccess(`${displayName} now teaches this course.`);
          onAdded();
        }}
      >
        Add<span className="visually-hidden"> {displayName}</span>
      </button>
      <InlineError error={adding.error} />
    </li>
  );
}
