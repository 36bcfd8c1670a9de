import { useMutation } from "@apollo/client/react";
import { InlineError } from "../../components/InlineError";
import { toastSuccess } from "../../components/toasts/toastQueue";
import { useSession } from "../../auth/useSession";
import {
  RemoveCourseInstructorDocument,
  type EditableCourseFragment,
} from "../../gql/graphql";
import { CourseOwnerTransfer } from "./CourseOwnerTransfer";
import { InstructorEmailLookup } from "./InstructorEmailLookup";
import { InstructorSearch } from "./InstructorSearch";

type TeamCourse = Pick<EditableCourseFragment, "id" | "title" | "owner" | "instructors" | "viewerCanManage">;

/**
 * The teaching team: whoever may manage the course (its owner, admins) manages co-instructors;
 * co-instructors see who they teach with. How a colleague is found, and handing the course to
 * another owner, follow the viewer's role, not the course: only admins may search everyone
 * (`users`) and transfer ownership; owners find a colleague by email address.
 */
export function CourseInstructorsPanel({ course }: { course: TeamCourse }) {
  const { user } = useSession();
  const [removeInstructor, removing] = useMutation(RemoveCourseInstructorDocument, { errorPolicy: "all" });
  const isAdmin = user?.role === "ADMIN";
  const mayManage = course.viewerCanManage;
  const instructorIds = new Set(course.instructors.map((instructor) => instructor.id));
  const owner = course.instructors.find((instructor) => instructor.id === course.owner.id);
  const ownerName = owner?.profile.displayName ?? "The owner";
  // A demoted owner's course stays published for its learners, but only an admin can hand it on.
  const ownerNoLongerTeaches = owner?.role === "STUDENT";

  return (
    <section className="panel" aria-labelledby="instructors-heading">
      <h2 id="instructors-heading">Instructors</h2>
      <ul className="instructor-list">
        {course.instructors.map((instructor) => {
          const name = instructor.profile.displayName;
          const isOwner = instructor.id === course.owner.id;
          return (
            <li key={instructor.id}>
              <span>
                {name} <span className="muted">{isOwner ? "· owner" : "· co-instructor"}</span>
              </span>
              {mayManage && !isOwner && (
                <button
                  type="button"
                  className="button button-ghost button-small button-danger-text"
                  disabled={removing.loading}
                  onClick={async () => {
                    const result = await removeInstructor({
                      variables: { courseId: course.id, userId: instructor.id },
                    });
                    if (result.data) toastSuccess(`${name} no longer teaches this course.`);
                  }}
                >
                  Remove<span className="visually-hidden"> {name}</span>
                </button>
              )}
            </li>
          );
        })}
      </ul>
      <InlineError error={removing.error} />
      {isAdmin && ownerNoLongerTeaches && (
        <p className="notice-warning">
          {ownerName} no longer has the instructor role, so they cannot edit this course. It stays as it is for learners;
          make another instructor its owner below.
        </p>
      )}
      {isAdmin ? (
        <InstructorSearch courseId={course.id} excludedIds={instructorIds} />
      ) : mayManage ? (
        <InstructorEmailLookup courseId={course.id} excludedIds={instructorIds} />
      ) : null}
      {isAdmin && (
        <CourseOwnerTransfer courseId={course.id} courseTitle={course.title} owner={{ id: course.owner.id, name: ownerName }} />
      )}
    </section>
  );
}
