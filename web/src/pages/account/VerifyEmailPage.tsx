import type { ApolloClient } from "@apollo/client";
import { useApolloClient } from "@apollo/client/react";
import { Suspense, use, useEffect, useState, type ReactNode } from "react";
import { Link, useSearchParams } from "react-router";
import { fieldErrorsOf } from "../../apollo/apiErrors";
import { updateSessionUser } from "../../auth/session";
import { useSession } from "../../auth/useSession";
import { ErrorState } from "../../components/states/ErrorState";
import { LoadingState } from "../../components/states/LoadingState";
import { VerifyEmailDocument } from "../../gql/graphql";
import { usePageTitle } from "../../hooks/usePageTitle";
import { ResendVerificationButton } from "./ResendVerificationButton";

type Verification =
  | { outcome: "verified"; userId: string }
  | { outcome: "refused"; reason: string }
  | { outcome: "failed"; error: unknown };

/**
 * One request per link: a link works once, so rendering the page twice (React's strict mode, a
 * remount) must not spend it again and then report it as used.
 */
const verifications = new Map<string, Promise<Verification>>();

function verifyOnce(client: ApolloClient, token: string): Promise<Verification> {
  let verification = verifications.get(token);
  if (!verification) {
    verification = client.mutate({ mutation: VerifyEmailDocument, variables: { token } }).then(
      ({ data }): Verification => ({ outcome: "verified", userId: data!.verifyEmail.id }),
      (error: unknown): Verification => {
        const reason = fieldErrorsOf(error).token;
        return reason ? { outcome: "refused", reason } : { outcome: "failed", error };
      },
    );
    verifications.set(token, verification);
  }
  return verification;
}

export default function VerifyEmailPage() {
  usePageTitle("Verify your email address");
  const [searchParams] = useSearchParams();
  const token = searchParams.get("token");
  const client = useApolloClient();
  const [attempt, setAttempt] = useState(0);

  if (!token) {
    return (
      <VerifyEmailLayout title="Verify your email address">
        <p className="alert alert-error" role="alert">
          This verification link is incomplete. Open the link from the email again, or ask for a new
          one.
        </p>
        <NewLinkOffer />
      </VerifyEmailLayout>
    );
  }

  const retry = () => {
    verifications.delete(token);
    setAttempt(attempt + 1);
  };
  return (
    <Suspense fallback={<LoadingState label="Verifying your email address…" />}>
      <VerificationResult verification={verifyOnce(client, token)} onRetry={retry} />
    </Suspense>
  );
}

function VerificationResult({ verification, onRetry }: { verification: Promise<Verification>; onRetry: () => void }) {
  const result = use(verification);
  const session = useSession();
  const verifiedViewer = result.outcome === "verified" && session.user?.id === result.userId;

  // The header and the teaching page read the session's copy of the account.
  useEffect(() => {
    if (verifiedViewer) updateSessionUser({ emailVerified: true });
  }, [verifiedViewer]);

  if (result.outcome === "failed") {
    return (
      <VerifyEmailLayout title="Verify your email address">
        <ErrorState error={result.error} title="Your email address could not be verified" onRetry={onRetry} />
      </VerifyEmailLayout>
    );
  }
  if (result.outcome === "refused") {
    return (
      <VerifyEmailLayout title="This link does not work">
        <p className="alert alert-error" role="alert">
          {result.reason}
        </p>
        <NewLinkOffer />
      </VerifyEmailLayout>
    );
  }
  return (
    <VerifyEmailLayout title="Email address verified">
      <p className="alert alert-success" role="status">
        Your email address is verified. Thank you!
      </p>
      {session.status === "signedIn" ? (
        <p className="form-actions">
          {session.user.role === "STUDENT" && (
            <Link className="button button-primary" to="/teach/apply">
              Apply to teach
            </Link>
          )}
          <Link to="/account/profile">Go to your profile</Link>
        </p>
      ) : (
        <p>
          <Link to="/sign-in?next=/account/profile">Sign in</Link> to continue.
        </p>
      )}
    </VerifyEmailLayout>
  );
}

/** What a person can do after a link that did not work: ask for a new one, if they may. */
function NewLinkOffer() {
  const session = useSession();
  if (session.status === "restoring") return null;
  if (session.status === "signedOut") {
    return (
      <p>
        <Link to="/sign-in?next=/account/profile">Sign in</Link> to ask for a new link on your
        profile page.
      </p>
    );
  }
  const { email, emailVerified } = session.user;
  if (emailVerified) {
    return (
      <p>
        Your email address is already verified: there is nothing more to do.{" "}
        <Link to="/account/profile">Go to your profile</Link>.
      </p>
    );
  }
  return (
    <>
      <p>We can mail a new link to {email}. It works for 24 hours.</p>
      <ResendVerificationButton email={email ?? ""} label="Send a new link" />
    </>
  );
}

function VerifyEmailLayout({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="page page-narrow">
      <h1>{title}</h1>
      {children}
    </section>
  );
}
