import { UNSTABLE_ToastQueue as ToastQueue } from "react-aria-components";

/** Long enough to read a sentence; hovering or focusing the toast pauses it. */
const TOAST_TIMEOUT_MS = 6_000;

/** One queue for the app: pages add to it, the region in the shell shows it. */
export const toastQueue = new ToastQueue<string>({ maxVisibleToasts: 3 });

/** Confirms, briefly and to screen readers too, that an action succeeded. */
export function toastSuccess(sentence: string): void {
  toastQueue.add(sentence, { timeout: TOAST_TIMEOUT_MS });
}
