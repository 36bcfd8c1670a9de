import { useQuery } from "@apollo/client/react";
import { useEffect } from "react";
import { CourseCertificateDocument } from "../../gql/graphql";

/** How often to look for a certificate being issued (by a listener, just after completion). */
const ISSUE_POLL_MS = 2_000;

/**
 * The link to the certificate of a completed course: its public page, which anyone may open to
 * verify it. Issuing follows completion by a moment, so until it is there this asks again.
 */
export function CourseCertificate({ courseId, courseTitle }: { courseId: string; courseTitle: string }) {
  const { data, startPolling, stopPolling } = useQuery(CourseCertificateDocument, { variables: { courseId } });
  const certificate = data?.course?.viewerProgress?.certificate;
  const waiting = data !== undefined && !certificate;
  useEffect(() => {
    if (!waiting) return;
    startPolling(ISSUE_POLL_MS);
    return stopPolling;
  }, [waiting, startPolling, stopPolling]);

  if (!certificate) {
    return (
      <p className="muted" role="status">
        Your certificate is being issued…
      </p>
    );
  }
  if (certificate.status === "REVOKED") {
    return <p className="muted">Your certificate was revoked: your enrollment in this course has ended.</p>;
  }
  return (
    <p className="certificate-link">
      <a href={certificate.url} target="_blank" rel="noopener">
        View your certificate<span className="visually-hidden"> for {courseTitle} (opens in a new tab)</span>
      </a>{" "}
      <span className="muted">(code {certificate.code}, anyone with the link can verify it)</span>
    </p>
  );
}
