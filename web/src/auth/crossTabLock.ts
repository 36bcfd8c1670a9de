/**
 * Runs `task` while holding a lock shared by every tab of this origin.
 *
 * Refresh tokens are single-use: if two tabs refreshed with the same token,
 * the server would see a reuse and revoke the session. Holding the lock, a tab
 * reads the newest token from storage and writes the rotated one back before
 * the next tab gets its turn.
 */
export async function withCrossTabLock<T>(name: string, task: () => Promise<T>): Promise<T> {
  if ("locks" in navigator && navigator.locks) {
    return await navigator.locks.request(name, task);
  }
  // Web Locks are missing in old browsers and on plain-http origins other than
  // localhost. Requests within this tab are still single-flight; tabs can then
  // race, and the loser is signed out by the server's reuse detection, which is
  // safe if inconvenient.
  return task();
}
