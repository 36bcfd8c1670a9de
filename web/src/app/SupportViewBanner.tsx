import { useMutation } from "@apollo/client/react";
import { useEffect, useState } from "react";
import { useNavigate } from "react-router";
import { errorCodeOf, errorMessageOf } from "../apollo/apiErrors";
import { leaveSupportView, onSupportViewEnded } from "../auth/session";
import { useSession } from "../auth/useSession";
import { toastSuccess } from "../components/toasts/toastQueue";
import { formatTime } from "../format/date";
import { EndSupportViewDocument } from "../gql/graphql";

const USERS_PATH = "/admin/users";

/**
 * While an admin sees the site as another account (a support view in this tab), says so on every
 * page, with the way back. When the view ends by itself (expired, ended in another tab, the admin
 * signed out elsewhere), says that too and returns to the users page.
 */
export function SupportViewBanner() {
  const session = useSession();
  const navigate = useNavigate();
  const [endView, { loading }] = useMutation(EndSupportViewDocument);
  const [error, setError] = useState<string | null>(null);
  const view = session.status === "signedIn" ? session.supportView : undefined;

  useEffect(
    () =>
      onSupportViewEnded(() => {
        toastSuccess("The support view has ended: you see the site as yourself again.");
        void navigate(USERS_PATH);
      }),
    [navigate],
  );

  if (!view) return null;
  const name = session.user?.profile.displayName ?? "this account";

  const end = async () => {
    setError(null);
    try {
      await endView({ variables: { id: view.id } });
    } catch (caught) {
      // Ended already (expired, or by the admin elsewhere): leaving is what was asked.
      if (errorCodeOf(caught) !== "UNAUTHENTICATED") {
        setError(`The support view could not be ended. ${errorMessageOf(caught)}`);
        return;
      }
    }
    leaveSupportView("left");
    toastSuccess(`You stopped seeing the site as ${name}. They can read in their account that you looked.`);
    void navigate(USERS_PATH);
  };

  return (
    <div className="support-view-banner" role="region" aria-label="Support view">
      <p>
        <strong>You are seeing the site as {name}</strong>, read-only, until {formatTime(new Date(view.expiresAt))}. Nothing you
        do here changes their account.
      </p>
      <button type="button" className="button button-secondary button-small" disabled={loading} onClick={() => void end()}>
        {loading ? "Ending…" : "End support view"}
      </button>
      {error && (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
