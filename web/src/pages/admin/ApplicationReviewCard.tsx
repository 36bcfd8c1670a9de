import { useMutation } from "@apollo/client/react";
import { useState } from "react";
import { fieldErrorsOf } from "../../apollo/apiErrors";
import { Badge } from "../../components/Badge";
import { Form } from "../../components/forms/Form";
import { optionalTextOf, textOf } from "../../components/forms/formValues";
import { SubmitButton } from "../../components/forms/SubmitButton";
import { TextAreaField } from "../../components/forms/TextAreaField";
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

interface ApplicationReviewCardProps {
  application: Application;
  /** Called with a sentence that confirms the decision, once the API has taken it. */
  onReviewed: (confirmation: string) => void;
}

export function ApplicationReviewCard({ application, onReviewed }: ApplicationReviewCardProps) {
  const [review, { loading, error }] = useMutation(ReviewInstructorApplicationDocument, {
    errorPolicy: "all",
    // A decided application leaves the pending list (and changes every count).
    refetchQueries: [InstructorApplicationsDocument],
    awaitRefetchQueries: true,
  });
  const [pendingDecision, setPendingDecision] = useState<ApplicationDecision | null>(null);
  const fieldErrors = fieldErrorsOf(error);
  const status = APPLICATION_STATUS_PRESENTATION[application.status];
  const { applicant } = application;
  const headingId = `application-${application.id}`;

  const handleSubmit = async (data: FormData) => {
    const decision = textOf(data, "decision");
    if (!isDecision(decision)) return;
    setPendingDecision(decision);
    const result = await review({
      variables: { id: application.id, decision, note: optionalTextOf(data, "note") },
    });
    setPendingDecision(null);
    if (result.data) {
      const verb = decision === "APPROVE" ? "approved" : "rejected";
      onReviewed(`The application of ${applicant.profile.displayName} was ${verb}.`);
    }
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
