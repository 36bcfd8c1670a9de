import {
  createContext,
  lazy,
  Suspense,
  use,
  useCallback,
  useEffect,
  useId,
  useState,
  useSyncExternalStore,
  type ReactNode,
} from "react";
import { useBlocker } from "react-router";

// Loaded the first time a navigation is held: most visits never need it.
const ConfirmDialog = lazy(() =>
  import("../components/ConfirmDialog").then((module) => ({ default: module.ConfirmDialog })),
);

/** The forms of the page that hold changes, by what the person would call them. */
class UnsavedChangesStore {
  private readonly changes = new Map<string, string>();
  private readonly listeners = new Set<() => void>();
  private descriptions: readonly string[] = [];

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Same array until something changes. */
  pending = (): readonly string[] => this.descriptions;

  set(key: string, description: string | null): void {
    if (description === null ? !this.changes.delete(key) : this.changes.get(key) === description) return;
    if (description !== null) this.changes.set(key, description);
    this.descriptions = [...this.changes.values()];
    for (const listener of this.listeners) listener();
  }
}

const UnsavedChangesContext = createContext<UnsavedChangesStore | null>(null);

/** "the course details", "the course details and the title of video Intro", "a, b and c". */
function listOf(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

/**
 * Asks before a link or Back leaves a page whose forms hold changes, and lets
 * the browser ask before a reload or closing the tab.
 */
export function UnsavedChangesGuard({ children }: { children: ReactNode }) {
  const [store] = useState(() => new UnsavedChangesStore());
  const pending = useSyncExternalStore(store.subscribe, store.pending);
  const hasChanges = pending.length > 0;
  // Read when a navigation starts, so a form that was just saved no longer counts.
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      store.pending().length > 0 && currentLocation.pathname !== nextLocation.pathname,
  );

  useEffect(() => {
    if (!hasChanges) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [hasChanges]);

  return (
    <UnsavedChangesContext value={store}>
      {children}
      {blocker.state === "blocked" && (
        <Suspense>
          <ConfirmDialog
            isOpen
            title="Leave without saving?"
            confirmLabel="Leave"
            cancelLabel="Stay"
            destructive
            onConfirm={() => blocker.proceed()}
            onCancel={() => blocker.reset()}
          >
            <p>Your changes to {listOf(pending)} will be lost.</p>
          </ConfirmDialog>
        </Suspense>
      )}
    </UnsavedChangesContext>
  );
}

/**
 * Counts a form's changes as unsaved while `hasChanges` holds. `description`
 * completes "Your changes to … will be lost", e.g. "the course details".
 * `forget` stops counting them at once, for a form that navigates right after
 * saving.
 */
export function useUnsavedChanges(description: string, hasChanges: boolean): { forget: () => void } {
  const store = use(UnsavedChangesContext);
  if (!store) throw new Error("useUnsavedChanges needs an UnsavedChangesGuard above it");
  const key = useId();

  useEffect(() => {
    store.set(key, hasChanges ? description : null);
    return () => store.set(key, null);
  }, [store, key, description, hasChanges]);

  const forget = useCallback(() => store.set(key, null), [store, key]);
  return { forget };
}
