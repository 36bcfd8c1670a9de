// The refresh token lives in localStorage so that a session survives a reload
// and is shared by every tab. The trade-off: any script running on this origin
// (an XSS hole, a compromised dependency) could read it, which an HttpOnly
// cookie would prevent; the API hands the token out in the response body, so a
// cookie is not an option here. What limits the damage: the token is
// single-use (a stolen token that is replayed after we rotate it revokes the
// whole session), the short-lived access token stays in memory only, and the
// app never renders untrusted HTML.
const STORAGE_KEY = "lms.refreshToken";

// Storage can be unavailable (blocked cookies, some private modes): keep the
// token in memory then, so the session still works until the tab closes.
let fallbackToken: string | null = null;

export function readRefreshToken(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return fallbackToken;
  }
}

export function writeRefreshToken(token: string): void {
  fallbackToken = token;
  try {
    localStorage.setItem(STORAGE_KEY, token);
  } catch {
    // fallbackToken already holds it
  }
}

export function clearRefreshToken(): void {
  fallbackToken = null;
  try {
    localStorage.removeItem(STORAGE_KEY);
  } catch {
    // nothing stored to clear
  }
}

/** Calls `listener` when another tab stores, rotates or removes the token. */
export function onRefreshTokenChangedInOtherTab(
  listener: (token: string | null) => void,
): () => void {
  const handleStorage = (event: StorageEvent) => {
    if (event.key === STORAGE_KEY || event.key === null) listener(readRefreshToken());
  };
  window.addEventListener("storage", handleStorage);
  return () => window.removeEventListener("storage", handleStorage);
}
