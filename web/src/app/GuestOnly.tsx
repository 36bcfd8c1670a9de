import { Navigate, Outlet, useSearchParams } from "react-router";
import { useSession } from "../auth/useSession";
import { LoadingState } from "../components/states/LoadingState";
import { nextPathFrom } from "./nextPath";

/** Pages for signing in or up: a signed-in visitor goes on to where they were headed. */
export function GuestOnly() {
  const session = useSession();
  const [searchParams] = useSearchParams();
  if (session.status === "restoring") return <LoadingState label="Restoring your session…" />;
  if (session.status === "signedIn") return <Navigate to={nextPathFrom(searchParams)} replace />;
  return <Outlet />;
}
