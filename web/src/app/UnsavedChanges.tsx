import {
  createContext,
  lazy,
  Suspense,
  use,
  useCallback,
  useEffect,
  useId,
  useMemo,
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

  /** Drops every change at once, once the person chose to lose them. */
  discardAll(): void {
    if (this.changes.size === 0) return;
    this.changes.clear();
    this.descriptions = [];
    for (const listener of this.listeners) listener();
  }

  set(key: string, description: string | null): void {
    if (description === null ? !this.changes.delete(key) : this.changes.get(key) === description) return;
    if (description !== null) this.changes.set(key, description);
    this.descriptions = [...this.changes.values()];
    for (const listener of this.listeners) listener();
  }
}

interface UnsavedChangesContextValue {
  store: UnsavedChangesStore;
  confirmLosingChanges: (action: string) => Promise<boolean>;
}

const UnsavedChangesContext = createContext<UnsavedChangesContextValue | null>(null);

/** An action that leaves the page other than by navigating (signing out), waiting for the person's answer. */
interface HeldAction {
  /** Names the action in the question and on its button: "Sign out". */
  action: string;
  answer: (proceed: boolean) => void;
}

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
  const [heldAction, setHeldAction] = useState<HeldAction | null>(null);
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

  const confirmLosingChanges = useCallback(
    (action: string) => {
      if (store.pending().length === 0) return Promise.resolve(true);
      return new Promise<boolean>((resolve) => {
        setHeldAction({
          action,
          answer: (proceed) => {
            setHeldAction(null);
            // The changes are given up now, so the action's own navigation is not held again.
            if (proceed) store.discardAll();
            resolve(proceed);
          },
        });
      });
    },
    [store],
  );
  const context = useMemo(() => ({ store, confirmLosingChanges }), [store, confirmLosingChanges]);

  // Nothing left to lose while the question is open (the session ended in another tab and took
  // the forms): go ahead rather than ask about changes that are already gone.
  useEffect(() => {
    if (heldAction && !hasChanges) heldAction.answer(true);
  }, [heldAction, hasChanges]);

  return (
    <UnsavedChangesContext value={context}>
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
      {heldAction && (
        <Suspense>
          <ConfirmDialog
            isOpen
            title={`${heldAction.action} without saving?`}
            confirmLabel={heldAction.action}
            cancelLabel="Stay"
            destructive
            onConfirm={() => heldAction.answer(true)}
            onCancel={() => heldAction.answer(false)}
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
  const store = use(UnsavedChangesContext)?.store;
  if (!store) throw new Error("useUnsavedChanges needs an UnsavedChangesGuard above it");
  const key = useId();

  useEffect(() => {
    store.set(key, hasChanges ? description : null);
    return () => store.set(key, null);
  }, [store, key, description, hasChanges]);

  const forget = useCallback(() => store.set(key, null), [store, key]);
  return { forget };
}

/**
 * For an action that drops the page's forms without a navigation the guard
 * could hold (signing out): resolves to whether to go ahead, asking first when
 * forms hold changes.
 */
export function useConfirmLosingChanges(): (action: string) => Promise<boolean> {
  const context = use(UnsavedChangesContext);
  if (!context) throw new Error("useConfirmLosingChanges needs an UnsavedChangesGuard above it");
  return context.confirmLosingChanges;
}
