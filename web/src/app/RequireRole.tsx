import { Navigate, Outlet, useLocation } from "react-router";
import { useSession } from "../auth/useSession";
import { LoadingState } from "../components/states/LoadingState";
import NotAllowedPage from "../pages/errors/NotAllowedPage";
import { roleMayEnter, type Area } from "./access";
import { SESSION_EXPIRED_STATE, signInPathReturningTo } from "./nextPath";

/** Guards an area: anonymous visitors sign in first, other roles are told no. */
export function RequireRole({ area }: { area: Area }) {
  const session = useSession();
  const location = useLocation();
  if (session.status === "restoring") return <LoadingState label="Restoring your session…" />;
  if (session.status === "signedOut") {
    return (
      <Navigate
        to={signInPathReturningTo(location)}
        replace
        state={session.sessionExpired ? SESSION_EXPIRED_STATE : undefined}
      />
    );
  }
  if (!roleMayEnter(session.user.role, area)) return <NotAllowedPage area={area} />;
  return <Outlet />;
}
