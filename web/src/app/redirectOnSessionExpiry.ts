import { onSessionExpired } from "../auth/session";
import { SESSION_EXPIRED_STATE, signInPathReturningTo } from "./nextPath";
import type { router as appRouter } from "./router";

/** When the server refuses to renew the session, ask the user to sign in again. */
export function redirectOnSessionExpiry(router: typeof appRouter): void {
  onSessionExpired(() => {
    void router.navigate(signInPathReturningTo(router.state.location), {
      replace: true,
      state: SESSION_EXPIRED_STATE,
    });
  });
}
