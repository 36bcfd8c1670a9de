import type { SessionUser } from "./sessionStore";

// A support view belongs to the tab it was started in: sessionStorage keeps it through a reload
// of that tab, and the admin's other tabs stay the admin's.
const STORAGE_KEY = "lms.supportView";

export interface StoredSupportView {
  id: string;
  accessToken: string;
  /** Milliseconds since the epoch. */
  expiresAt: number;
  /** The account the site is seen as. */
  user: SessionUser;
}

export function readSupportView(): StoredSupportView | null {
  try {
    const stored = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? "null") as StoredSupportView | null;
    return stored && stored.expiresAt > Date.now() ? stored : null;
  } catch {
    return null;
  }
}

export function writeSupportView(view: StoredSupportView): void {
  try {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(view));
  } catch {
    // Kept in memory only: a reload returns to the admin's own view.
  }
}

export function clearSupportView(): void {
  try {
    sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // nothing stored to clear
  }
}
