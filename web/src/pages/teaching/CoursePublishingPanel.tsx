import { useMutation } from "@apollo/client/react";
import { useEffect, useState } from "react";
import { useNavigate } from "react-router";
import { Badge } from "../../components/Badge";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { InlineError } from "../../components/InlineError";
import { toastSuccess } from "../../components/toasts/toastQueue";
import {
  ArchiveCourseDocument,
  DeleteCourseDocument,
  PublishCourseDocument,
  UnpublishCourseDocument,
  type EditableCourseFragment,
} from "../../gql/graphql";
import { COURSE_STATUS_PRESENTATION } from "./courseStatus";
import { publishingReadiness, type CheckOutcome, type ReadinessCourse } from "./publishingReadiness";

const STATUS_EXPLANATION = {
  DRAFT: "Only you and the other instructors see this course.",
  PUBLISHED: "The course is in the catalog.",
  ARCHIVED: "The course is out of the catalog; enrolled learners keep their access.",
} as const;

type PublishingCourse = Pick<EditableCourseFragment, "id" | "title" | "status" | "viewerCanManage"> & ReadinessCourse;

const CHECK_MARK: Record<CheckOutcome, { symbol: string; label: string }> = {
  done: { symbol: "✓", label: "Done:" },
  needed: { symbol: "✕", label: "Needed:" },
  advised: { symbol: "!", label: "Advised:" },
};

export function CoursePublishingPanel({ course }: { course: PublishingCourse }) {
  const navigate = useNavigate();
  const [publish, publishing] = useMutation(PublishCourseDocument, { errorPolicy: "all" });
  const [unpublish, unpublishing] = useMutation(UnpublishCourseDocument, { errorPolicy: "all" });
  const [archive, archiving] = useMutation(ArchiveCourseDocument, { errorPolicy: "all" });
  const [deleteCourse, deleting] = useMutation(DeleteCourseDocument, {
    errorPolicy: "all",
    update(cache, { data }) {
      if (!data?.deleteCourse) return;
      cache.evict({ id: cache.identify({ __typename: "Course", id: course.id }) });
      cache.gc();
    },
  });
  const busy = publishing.loading || unpublishing.loading || archiving.loading || deleting.loading;
  const error = publishing.error ?? unpublishing.error ?? archiving.error ?? deleting.error;
  const status = COURSE_STATUS_PRESENTATION[course.status];
  const variables = { id: course.id };
  const checks = publishingReadiness(course);
  const mayPublish = checks.every((check) => check.outcome !== "needed");
  const checksState = checks.map((check) => check.outcome).join();
  const resetPublishing = publishing.reset;
  // A refusal to publish answered an earlier state of the course: once the checks change, it no longer applies.
  useEffect(() => resetPublishing(), [checksState, resetPublishing]);

  const [confirmingDelete, setConfirmingDelete] = useState(false);

  const handleDelete = async () => {
    setConfirmingDelete(false);
    const result = await deleteCourse({ variables });
    if (!result.data?.deleteCourse) return;
    toastSuccess(`The course “${course.title}” is deleted.`);
    void navigate("/teach/courses");
  };

  /** Says what a status change means once the API has made it. */
  const reportStatusChange = async (change: Promise<{ data?: unknown }>, outcome: string) => {
    if ((await change).data) toastSuccess(`“${course.title}” ${outcome}`);
  };

  return (
    <section className="panel" aria-labelledby="publishing-heading">
      <h2 id="publishing-heading">
        Status <Badge tone={status.tone}>{status.label}</Badge>
      </h2>
      <p className="muted">{STATUS_EXPLANATION[course.status]}</p>
      {course.status !== "ARCHIVED" && (
        <ul id="publishing-checklist" className="readiness-list" aria-label="Publishing checklist" aria-live="polite">
          {checks.map((check) => (
            <li key={check.id} className={`readiness-${check.outcome}`}>
              <span className="readiness-mark" aria-hidden="true">
                {CHECK_MARK[check.outcome].symbol}
              </span>
              <span>
                <span className="visually-hidden">{CHECK_MARK[check.outcome].label} </span>
                {check.text}
              </span>
            </li>
          ))}
        </ul>
      )}
      <div className="form-actions">
        {course.status !== "PUBLISHED" && (
          <button
            type="button"
            className="button button-primary"
            disabled={busy || !mayPublish}
            aria-busy={publishing.loading}
            aria-describedby="publishing-checklist"
            onClick={() => void reportStatusChange(publish({ variables }), "is published: it is in the catalog.")}
          >
            {publishing.loading ? "Publishing…" : "Publish"}
          </button>
        )}
        {course.status === "PUBLISHED" && (
          <button
            type="button"
            className="button button-secondary"
            disabled={busy}
            aria-busy={unpublishing.loading}
            onClick={() => void reportStatusChange(unpublish({ variables }), "is unpublished: it is a draft again.")}
          >
            {unpublishing.loading ? "Unpublishing…" : "Unpublish"}
          </button>
        )}
        {course.status !== "ARCHIVED" && (
          <button
            type="button"
            className="button button-secondary"
            disabled={busy}
            aria-busy={archiving.loading}
            onClick={() => void reportStatusChange(archive({ variables }), "is archived: it is out of the catalog.")}
          >
            {archiving.loading ? "Archiving…" : "Archive"}
          </button>
        )}
        {/* Co-instructors edit the course; only its owner and admins may delete it. */}
        {course.viewerCanManage && (
          <button
            type="button"
            className="button button-danger"
            disabled={busy}
            aria-busy={deleting.loading}
            onClick={() => setConfirmingDelete(true)}
          >
            {deleting.loading ? "Deleting…" : "Delete course"}
          </button>
        )}
      </div>
      <InlineError error={error} />
      <ConfirmDialog
        isOpen={confirmingDelete}
        title={`Delete the course “${course.title}”?`}
        confirmLabel="Delete course"
        cancelLabel="Cancel"
        destructive
        onConfirm={() => void handleDelete()}
        onCancel={() => setConfirmingDelete(false)}
      >
        <p>Its sections, videos and files are deleted with it. This cannot be undone.</p>
      </ConfirmDialog>
    </section>
  );
}
