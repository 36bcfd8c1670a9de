import type { SessionPayloadFragment } from "../gql/graphql";
import { withCrossTabLock } from "./crossTabLock";
import {
  clearRefreshToken,
  onRefreshTokenChangedInOtherTab,
  readRefreshToken,
  writeRefreshToken,
} from "./refreshTokenStorage";
import { exchangeRefreshToken, revokeRefreshToken } from "./sessionRequests";
import {
  SESSION_EXPIRED,
  SIGNED_OUT,
  getSessionState,
  setSessionState,
  type SessionState,
  type SessionUser,
} from "./sessionStore";
import {
  clearSupportView,
  readSupportView,
  writeSupportView,
  type StoredSupportView,
} from "./supportViewStorage";

/**
 * Renew this long before the access token expires, so no request meets an expired one; a token
 * living under twice as long renews at half its life, else it would renew every second.
 */
const SILENT_RENEWAL_LEAD_MS = 60_000;
/** A request leaving with less validity than this renews first. */
const REQUEST_MIN_VALIDITY_MS = 10_000;
const RETRY_AFTER_TRANSIENT_FAILURE_MS = 30_000;
const REFRESH_LOCK_NAME = "lms.session-refresh";

interface AccessToken {
  value: string;
  expiresAt: number;
}

let accessToken: AccessToken | null = null;
let renewal: Promise<boolean> | null = null;
let renewalTimer: ReturnType<typeof setTimeout> | undefined;
const expiryListeners = new Set<() => void>();
const replacementListeners = new Set<() => void>();
const supportViewEndListeners = new Set<() => void>();

/**
 * An admin's read-only view of another account in this tab: requests carry its token, while the
 * admin's own session goes on renewing underneath, to return to when the view ends.
 */
let supportView: StoredSupportView | null = readSupportView();
/** The signed-in person's own account, shown again when a support view ends. */
let ownUser: SessionUser | null = null;

function signedInAs(user: SessionUser): SessionState {
  return supportView
    ? { status: "signedIn", user: supportView.user, supportView: { id: supportView.id, expiresAt: supportView.expiresAt } }
    : { status: "signedIn", user };
}

function tokenReplaced(): void {
  for (const listener of replacementListeners) listener();
}

function scheduleRenewal(delayMs: number): void {
  clearTimeout(renewalTimer);
  renewalTimer = setTimeout(() => void renewSession(), Math.max(delayMs, 1_000));
}

export function startSession(payload: SessionPayloadFragment): void {
  writeRefreshToken(payload.refreshToken);
  const expiresAt = Date.parse(payload.accessTokenExpiresAt);
  // A device clock running ahead by more than the token's lifetime would see
  // it as expired already and renew in a loop: then count on the server's
  // UNAUTHENTICATED answer (and the retry after renewal) instead.
  accessToken = {
    value: payload.accessToken,
    expiresAt: expiresAt > Date.now() ? expiresAt : Number.POSITIVE_INFINITY,
  };
  ownUser = payload.user;
  setSessionState(signedInAs(payload.user));
  if (Number.isFinite(accessToken.expiresAt)) {
    const lifetimeMs = accessToken.expiresAt - Date.now();
    scheduleRenewal(lifetimeMs - Math.min(SILENT_RENEWAL_LEAD_MS, lifetimeMs / 2));
  }
  tokenReplaced();
}

/** Shows the site as the view's account in this tab, until leaveSupportView or the view's end. */
export function enterSupportView(view: StoredSupportView): void {
  supportView = view;
  writeSupportView(view);
  if (ownUser) setSessionState(signedInAs(ownUser));
  tokenReplaced();
}

/** Back to the signed-in person's own view; "ended" when the server refused the view's token. */
export function leaveSupportView(reason: "left" | "ended"): void {
  if (!supportView) return;
  supportView = null;
  clearSupportView();
  if (ownUser && getSessionState().status === "signedIn") setSessionState(signedInAs(ownUser));
  tokenReplaced();
  if (reason === "ended") for (const listener of supportViewEndListeners) listener();
}

/** Called when a support view ends without this tab ending it (expired, ended elsewhere, admin signed out). */
export function onSupportViewEnded(listener: () => void): () => void {
  supportViewEndListeners.add(listener);
  return () => supportViewEndListeners.delete(listener);
}

/**
 * Called whenever a new access token replaces the one before (renewals included), for
 * connections that keep the token they opened with: the WebSocket reconnects with the new one.
 */
export function onAccessTokenReplaced(listener: () => void): () => void {
  replacementListeners.add(listener);
  return () => replacementListeners.delete(listener);
}

/** The access token as it is now, without renewing it: to compare with, not to send. */
export function currentAccessToken(): string | null {
  return supportView?.accessToken ?? accessToken?.value ?? null;
}

/**
 * Forgets the session in this tab (and, through storage, in the others).
 * "expired" means the server refused to renew a running session: listeners
 * send the user to sign in again. A session that fails to be restored on page
 * load ends quietly; guarded pages ask for sign-in by themselves. Either way
 * the signed-out state remembers the expiry, for the sign-in page to explain.
 */
export function endSession(reason: "signedOut" | "expired"): void {
  const { status } = getSessionState();
  const wasSignedIn = status === "signedIn";
  clearTimeout(renewalTimer);
  accessToken = null;
  ownUser = null;
  supportView = null;
  clearSupportView();
  clearRefreshToken();
  setSessionState(reason === "expired" && status !== "signedOut" ? SESSION_EXPIRED : SIGNED_OUT);
  if (reason === "expired" && wasSignedIn) {
    for (const listener of expiryListeners) listener();
  }
}

export function onSessionExpired(listener: () => void): () => void {
  expiryListeners.add(listener);
  return () => expiryListeners.delete(listener);
}

export function updateSessionUser(user: Partial<SessionUser>): void {
  const current = getSessionState();
  if (current.status === "signedIn") {
    if (!supportView && ownUser) ownUser = { ...ownUser, ...user };
    setSessionState({ ...current, user: { ...current.user, ...user } });
  }
}

async function renewHoldingLock(): Promise<boolean> {
  // Read inside the lock: another tab may have rotated the token meanwhile.
  const refreshToken = readRefreshToken();
  if (!refreshToken) {
    endSession("expired");
    return false;
  }
  let payload: SessionPayloadFragment | null;
  try {
    payload = await exchangeRefreshToken(refreshToken);
  } catch {
    // The server could not answer: keep the refresh token and try again later.
    if (getSessionState().status === "restoring") setSessionState(SIGNED_OUT);
    scheduleRenewal(RETRY_AFTER_TRANSIENT_FAILURE_MS);
    return false;
  }
  if (!payload) {
    endSession("expired");
    return false;
  }
  startSession(payload);
  return true;
}

/** Single-flight: concurrent callers in this tab share one refresh. */
export function renewSession(): Promise<boolean> {
  renewal ??= withCrossTabLock(REFRESH_LOCK_NAME, renewHoldingLock).finally(() => {
    renewal = null;
  });
  return renewal;
}

/** The access token to send now, renewed first if it is about to expire. */
export async function accessTokenForRequest(): Promise<string | null> {
  if (supportView) {
    if (supportView.expiresAt - Date.now() > 0) return supportView.accessToken;
    leaveSupportView("ended");
  }
  if (renewal) await renewal;
  if (
    accessToken &&
    accessToken.expiresAt - Date.now() < REQUEST_MIN_VALIDITY_MS &&
    readRefreshToken()
  ) {
    await renewSession();
  }
  return accessToken?.value ?? null;
}

/**
 * Called when the server refused `rejectedToken`. Resolves to true when a
 * retry is worth it: the session was renewed, possibly by a concurrent request.
 */
export async function renewAfterRejection(rejectedToken: string | null): Promise<boolean> {
  // Not retried as the admin: what was asked was asked of the account the view showed.
  if (supportView && rejectedToken === supportView.accessToken) {
    leaveSupportView("ended");
    return false;
  }
  if (!readRefreshToken()) return false;
  if (accessToken && accessToken.value !== rejectedToken) return true;
  return renewSession();
}

export function signOut(): Promise<void> {
  // Under the lock, so no tab is rotating the token we are about to revoke.
  return withCrossTabLock(REFRESH_LOCK_NAME, async () => {
    const refreshToken = readRefreshToken();
    const usableAccessToken =
      accessToken && accessToken.expiresAt > Date.now() ? accessToken.value : null;
    endSession("signedOut");
    if (refreshToken) await revokeRefreshToken(refreshToken, usableAccessToken);
  });
}

function renewIfDueSoon(): void {
  if (accessToken && accessToken.expiresAt - Date.now() < SILENT_RENEWAL_LEAD_MS) {
    void renewSession();
  }
}

function followOtherTabs(refreshToken: string | null): void {
  const { status } = getSessionState();
  if (!refreshToken && status === "signedIn") endSession("signedOut");
  else if (refreshToken && status === "signedOut") void renewSession();
}

/** Restores the session kept by an earlier page load, and keeps it fresh. */
export function restoreSession(): void {
  onRefreshTokenChangedInOtherTab(followOtherTabs);
  // Background tabs throttle timers; check again when the tab comes back.
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") renewIfDueSoon();
  });
  window.addEventListener("online", renewIfDueSoon);
  if (getSessionState().status === "restoring") void renewSession();
}
