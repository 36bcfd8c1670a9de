import type { ApolloClient } from "@apollo/client";
import { getSessionState, subscribeToSession, type SessionState } from "../auth/sessionStore";
import { reconnectSubscriptions } from "./links/subscriptionLink";

function identityOf(state: SessionState): string | undefined {
  if (state.status === "restoring") return undefined;
  return state.user ? `${state.user.id}:${state.user.role}` : "anonymous";
}

/**
 * Cached data and open subscriptions belong to whoever fetched them: when the
 * user (or their role) changes, refetch what is on screen as the new identity.
 * The first settled identity after a page load needs nothing: requests waited
 * for the session to be restored.
 */
export function followSessionIdentity(client: ApolloClient): void {
  let settledIdentity = identityOf(getSessionState());
  subscribeToSession(() => {
    const identity = identityOf(getSessionState());
    if (identity === undefined || identity === settledIdentity) return;
    const isFirstSettlement = settledIdentity === undefined;
    settledIdentity = identity;
    if (isFirstSettlement) return;
    reconnectSubscriptions();
    // A query interrupted by the reset reports its own error on screen.
    client.resetStore().catch(() => undefined);
  });
}
