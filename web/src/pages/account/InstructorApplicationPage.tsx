import { useQuery } from "@apollo/client/react";
import { useEffect } from "react";
import { Link } from "react-router";
import { renewSession } from "../../auth/session";
import { useSession } from "../../auth/useSession";
import { ErrorState } from "../../components/states/ErrorState";
import { LoadingState } from "../../components/states/LoadingState";
import { EmailVerificationStateDocument, MyInstructorApplicationDocument } from "../../gql/graphql";
import { usePageTitle } from "../../hooks/usePageTitle";
import { ApplicationStatusPanel } from "./ApplicationStatusPanel";
import { InstructorApplicationForm } from "./InstructorApplicationForm";
import { ResendVerificationButton } from "./ResendVerificationButton";

export default function InstructorApplicationPage() {
  usePageTitle("Teach");
  const { user } = useSession();
  const { data, loading, error, refetch } = useQuery(MyInstructorApplicationDocument, {
    fetchPolicy: "cache-and-network",
  });
  // Read afresh, not from the session: the address may have been verified in another tab.
  const verification = useQuery(EmailVerificationStateDocument, { fetchPolicy: "cache-and-network" });
  const account = verification.data?.me;
  const application = data?.myInstructorApplication ?? null;
  const isInstructor = user?.role === "INSTRUCTOR";
  const awaitsNewRole = application?.status === "APPROVED" && user?.role === "STUDENT";

  // The role travels in the session: renew it so the approval takes effect now.
  useEffect(() => {
    if (awaitsNewRole) void renewSession();
  }, [awaitsNewRole]);

  return (
    <section className="page page-narrow">
      <h1>Teach</h1>
      {loading && !data && <LoadingState label="Loading your application…" />}
      {error && !data && (
        <ErrorState
          error={error}
          title="Your application could not be loaded"
          onRetry={() => void refetch()}
        />
      )}
      {verification.error && !verification.data && (
        <ErrorState
          error={verification.error}
          title="Your account could not be loaded"
          onRetry={() => void verification.refetch()}
        />
      )}
      {isInstructor && (
        <p className="alert alert-success">
          You are an instructor. <Link to="/teach/courses">Go to your courses</Link>.
        </p>
      )}
      {application && <ApplicationStatusPanel application={application} />}
      {data && account && !isInstructor && (!application || application.status === "REJECTED") && (
        <>
          <h2>{application ? "Apply again" : "Apply to teach"}</h2>
          {account.emailVerified ? (
            <>
              <p>
                Tell us about your experience. Once an administrator approves your application,
                you can create courses and upload videos.
              </p>
              <InstructorApplicationForm />
            </>
          ) : (
            <div className="alert alert-info">
              <p>
                Verify your email address first: we sent a link to {account.email} when you signed
                up. Administrators review applications from people they can reach, so the form
                opens once you have opened that link.
              </p>
              <ResendVerificationButton email={account.email ?? ""} label="Send a new link" />
            </div>
          )}
        </>
      )}
    </section>
  );
}
