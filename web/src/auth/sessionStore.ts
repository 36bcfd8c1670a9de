import type { SessionUserFragment } from "../gql/graphql";
import { readRefreshToken } from "./refreshTokenStorage";

export type SessionUser = SessionUserFragment;

/** An admin seeing the site as `user`, read-only, in this tab (auth/supportView.ts). */
export interface SupportViewState {
  id: string;
  expiresAt: number;
}

export type SessionState =
  | { status: "restoring"; user: null }
  | { status: "signedOut"; user: null; sessionExpired?: true }
  | { status: "signedIn"; user: SessionUser; supportView?: SupportViewState };

export const SIGNED_OUT: SessionState = { status: "signedOut", user: null };
/** Signed out because the server refused to renew the session this browser had. */
export const SESSION_EXPIRED: SessionState = { status: "signedOut", user: null, sessionExpired: true };
const RESTORING: SessionState = { status: "restoring", user: null };

// A token kept by an earlier page load means a session is being restored:
// nothing may conclude "signed out" before the refresh settles.
let state: SessionState = readRefreshToken() ? RESTORING : SIGNED_OUT;
const listeners = new Set<() => void>();

export function getSessionState(): SessionState {
  return state;
}

export function setSessionState(next: SessionState): void {
  state = next;
  for (const listener of listeners) listener();
}

export function subscribeToSession(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
