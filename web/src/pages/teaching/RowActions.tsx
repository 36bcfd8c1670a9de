import { useEffect, useRef } from "react";

interface RowActionsProps {
  /** Names the item in the buttons' accessible names, e.g. "section Basics". */
  itemName: string;
  index: number;
  count: number;
  /** While the row is saving: the buttons stay focusable but do nothing. */
  disabled: boolean;
  /** Resolves to whether the item moved. */
  onMove: (offset: -1 | 1) => Promise<boolean>;
  onDelete: () => void;
}

/** Move up, move down and delete: the actions every row of the course outline offers. */
export function RowActions({ itemName, index, count, disabled, onMove, onDelete }: RowActionsProps) {
  const upRef = useRef<HTMLButtonElement>(null);
  const downRef = useRef<HTMLButtonElement>(null);
  const movingBy = useRef<-1 | 1 | null>(null);

  // A moved row's element may be taken out of the page and put back, which
  // drops focus: keyboard users get it back on the same button, or on the
  // other one when the row reached the end, so they can move it again.
  useEffect(() => {
    const offset = movingBy.current;
    if (offset === null) return;
    movingBy.current = null;
    const [same, other] = offset === -1 ? [upRef, downRef] : [downRef, upRef];
    (same.current?.disabled ? other : same).current?.focus();
  }, [index]);

  const move = (offset: -1 | 1) => {
    if (disabled) return;
    movingBy.current = offset;
    void onMove(offset).then((moved) => {
      if (!moved) movingBy.current = null;
    });
  };

  return (
    <div className="editor-row-actions">
      <button
        ref={upRef}
        type="button"
        className="button button-ghost button-small"
        aria-label={`Move ${itemName} up`}
        aria-disabled={disabled || undefined}
        disabled={index === 0}
        onClick={() => move(-1)}
      >
        ↑
      </button>
      <button
        ref={downRef}
        type="button"
        className="button button-ghost button-small"
        aria-label={`Move ${itemName} down`}
        aria-disabled={disabled || undefined}
        disabled={index === count - 1}
        onClick={() => move(1)}
      >
        ↓
      </button>
      <button
        type="button"
        className="button button-ghost button-small button-danger-text"
        aria-disabled={disabled || undefined}
        onClick={() => {
          if (!disabled) onDelete();
        }}
      >
        Delete<span className="visually-hidden"> {itemName}</span>
      </button>
    </div>
  );
}
