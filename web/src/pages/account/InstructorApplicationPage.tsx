import { useQuery } from "@apollo/client/react";
import { useEffect } from "react";
import { Link } from "react-router";
import { renewSession } from "../../auth/session";
import { useSession } from "../../auth/useSession";
import { ErrorState } from "../../components/states/ErrorState";
import { LoadingState } from "../../components/states/LoadingState";
import { MyInstructorApplicationDocument } from "../../gql/graphql";
import { usePageTitle } from "../../hooks/usePageTitle";
import { ApplicationStatusPanel } from "./ApplicationStatusPanel";
import { InstructorApplicationForm } from "./InstructorApplicationForm";

export default function InstructorApplicationPage() {
  usePageTitle("Teach");
  const { user } = useSession();
  const { data, loading, error, refetch } = useQuery(MyInstructorApplicationDocument, {
    fetchPolicy: "cache-and-network",
  });
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
      {isInstructor && (
        <p className="alert alert-success">
          You are an instructor. <Link to="/teach/courses">Go to your courses</Link>.
        </p>
      )}
      {application && <ApplicationStatusPanel application={application} />}
      {data && !isInstructor && (!application || application.status === "REJECTED") && (
        <>
          <h2>{application ? "Apply again" : "Apply to teach"}</h2>
          <p>
            Tell us about your experience. Once an administrator approves your application, you
            can create courses and upload videos.
          </p>
          <InstructorApplicationForm />
        </>
      )}
    </section>
  );
}
