import { useMutation } from "@apollo/client/react";
import { useState } from "react";
import { fieldErrorsOf } from "../../apollo/apiErrors";
import { Badge } from "../../components/Badge";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { Form } from "../../components/forms/Form";
import { optionalTextOf, textOf } from "../../components/forms/formValues";
import { SubmitButton } from "../../components/forms/SubmitButton";
import { TextAreaField } from "../../components/forms/TextAreaField";
import { toastSuccess } from "../../components/toasts/toastQueue";
import { formatDate } from "../../format/date";
import { roleLabel } from "../../format/role";
import {
  InstructorApplicationsDocument,
  ReviewInstructorApplicationDocument,
  type ApplicationDecision,
  type InstructorApplicationsQuery,
} from "../../gql/graphql";
import { APPLICATION_STATUS_PRESENTATION } from "./applicationStatus";

type Application =
  InstructorApplicationsQuery["instructorApplications"]["edges"][number]["node"];

function isDecision(value: string): value is ApplicationDecision {
  return value === "APPROVE" || value === "REJECT";
}

/** A rejection waiting for the reviewer's confirmation, with the note typed for it. */
interface PendingRejection {
  note: string | null;
}

export function ApplicationReviewCard({ application }: { application: Application }) {
  const [review, { loading, error }] = useMutation(ReviewInstructorApplicationDocument, {
    errorPolicy: "all",
    // A decided application leaves the pending list (and changes every count).
    refetchQueries: [InstructorApplicationsDocument],
    awaitRefetchQueries: true,
  });
  const [pendingDecision, setPendingDecision] = useState<ApplicationDecision | null>(null);
  const [pendingRejection, setPendingRejection] = useState<PendingRejection | null>(null);
  const fieldErrors = fieldErrorsOf(error);
  const status = APPLICATION_STATUS_PRESENTATION[application.status];
  const { applicant } = application;
  const headingId = `application-${application.id}`;

  const decide = async (decision: ApplicationDecision, note: string | null) => {
    setPendingDecision(decision);
    const result = await review({ variables: { id: application.id, decision, note } });
    setPendingDecision(null);
    if (result.data) {
      const verb = decision === "APPROVE" ? "approved" : "rejected";
      toastSuccess(`The application of ${applicant.profile.displayName} was ${verb}.`);
    }
  };

  // Approving is undone by a role change; a rejection is final, so it is confirmed first.
  const handleSubmit = (data: FormData) => {
    const decision = textOf(data, "decision");
    const note = optionalTextOf(data, "note");
    if (decision === "REJECT") setPendingRejection({ note });
    else if (isDecision(decision)) void decide(decision, note);
  };

  return (
    <article className="list-card list-card-column" aria-labelledby={headingId}>
      <header className="list-card-header">
        <h2 id={headingId} className="list-card-title">
          {applicant.profile.displayName} <Badge tone={status.tone}>{status.label}</Badge>
        </h2>
        <p className="muted">
          {applicant.email} · {roleLabel(applicant.role)} · applied{" "}
          {formatDate(application.createdAt)}
        </p>
      </header>
      <p className="application-headline">{application.headline}</p>
      <p className="prose">{application.motivation}</p>
      {application.status === "PENDING" ? (
        <Form
          label={`Review the application of ${applicant.profile.displayName}`}
          onSubmit={handleSubmit}
          error={error}
          invalidFields={fieldErrors}
        >
          <TextAreaField
            label="Note to the applicant (optional)"
            name="note"
            rows={2}
            maxLength={2000}
            error={fieldErrors.note}
          />
          <div className="form-actions">
            <SubmitButton
              name="decision"
              value="APPROVE"
              busy={pendingDecision === "APPROVE"}
              disabled={loading}
              busyLabel="Approving…"
            >
              Approve
            </SubmitButton>
            <SubmitButton
              name="decision"
              value="REJECT"
              variant="danger"
              busy={pendingDecision === "REJECT"}
              disabled={loading}
              busyLabel="Rejecting…"
            >
              Reject
            </SubmitButton>
          </div>
          <ConfirmDialog
            isOpen={pendingRejection !== null}
            title={`Reject the application of ${applicant.profile.displayName}?`}
            confirmLabel="Reject"
            cancelLabel="Cancel"
            destructive
            onConfirm={() => {
              setPendingRejection(null);
              void decide("REJECT", pendingRejection?.note ?? null);
            }}
            onCancel={() => setPendingRejection(null)}
          >
            {pendingRejection?.note ? (
              <>
                <p>{applicant.profile.displayName} will see the rejection with your note:</p>
                <blockquote className="dialog-quote">{pendingRejection.note}</blockquote>
              </>
            ) : (
              <p>{applicant.profile.displayName} will see the rejection, without a note.</p>
            )}
            <p>A rejection cannot be undone; they may apply again later.</p>
          </ConfirmDialog>
        </Form>
      ) : (
        <p className="muted">
          {status.label}
          {application.reviewer && ` by ${application.reviewer.profile.displayName}`}
          {application.reviewedAt && ` on ${formatDate(application.reviewedAt)}`}
          {application.decisionNote && `: “${application.decisionNote}”`}
        </p>
      )}
    </article>
  );
}
