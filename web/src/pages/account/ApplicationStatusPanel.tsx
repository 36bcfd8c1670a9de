import { Badge, type BadgeTone } from "../../components/Badge";
import { formatDate } from "../../format/date";
import type { ApplicationStatusFragment, InstructorApplicationStatus } from "../../gql/graphql";

const STATUS_PRESENTATION: Record<
  InstructorApplicationStatus,
  { label: string; tone: BadgeTone; explanation: string }
> = {
  PENDING: {
    label: "Under review",
    tone: "info",
    explanation: "An administrator will review your application soon.",
  },
  APPROVED: {
    label: "Approved",
    tone: "success",
    explanation: "Welcome aboard: you can now create and publish courses.",
  },
  REJECTED: {
    label: "Not accepted",
    tone: "danger",
    explanation: "Your application was not accepted this time.",
  },
};

export function ApplicationStatusPanel({ application }: { application: ApplicationStatusFragment }) {
  const presentation = STATUS_PRESENTATION[application.status];
  return (
    <section className="panel" aria-labelledby="application-status-heading">
      <h2 id="application-status-heading">
        Your application <Badge tone={presentation.tone}>{presentation.label}</Badge>
      </h2>
      <p>{presentation.explanation}</p>
      {application.decisionNote && (
        <blockquote className="decision-note">
          <p>{application.decisionNote}</p>
        </blockquote>
      )}
      <dl className="facts">
        <div>
          <dt>Headline</dt>
          <dd>{application.headline}</dd>
        </div>
        <div>
          <dt>Sent</dt>
          <dd>{formatDate(application.createdAt)}</dd>
        </div>
        {application.reviewedAt && (
          <div>
            <dt>Reviewed</dt>
            <dd>{formatDate(application.reviewedAt)}</dd>
          </div>
        )}
      </dl>
    </section>
  );
}
