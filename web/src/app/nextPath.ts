/** Query parameter carrying where to go after signing in. */
const NEXT_PARAM = "next";

/** Only same-site paths: "//host" or "/\host" would leave the site. */
function isSafePath(path: string | null): path is string {
  return !!path && path.startsWith("/") && !path.startsWith("//") && !path.startsWith("/\\");
}

export function nextPathFrom(search: URLSearchParams, fallback = "/courses"): string {
  const next = search.get(NEXT_PARAM);
  return isSafePath(next) ? next : fallback;
}

export function signInPathReturningTo(location: { pathname: string; search: string }): string {
  const params = new URLSearchParams({ [NEXT_PARAM]: location.pathname + location.search });
  return `/sign-in?${params}`;
}

/** Navigation state of a sign-in page reached because the session ended. */
export const SESSION_EXPIRED_STATE = { sessionExpired: true } as const;

export function isSessionExpiredState(state: unknown): boolean {
  return (state as { sessionExpired?: unknown } | null)?.sessionExpired === true;
}
