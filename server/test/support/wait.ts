// Polling for what a test cannot await directly: a mail delivered, a notification heard, a
// socket reconnected, a change reaching a cache.
const POLL_INTERVAL_MS = 25;

/** Whether `check` comes true within `timeoutMs` (checked every 25 ms, and once more at the end). */
export async function holdsWithin(timeoutMs: number, check: () => boolean | Promise<boolean>): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
  return check();
}

/**
 * Waits until `check` comes true; throws naming `what` after `timeoutMs`. The default is generous:
 * it only bounds how long a failure takes to show, and a loaded CI machine has taken over 10 s for
 * a socket to reconnect or three upload parts to start.
 */
export async function waitUntil(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  if (!(await holdsWithin(timeoutMs, check))) throw new Error(`timed out waiting for ${what}`);
}
