interface RowActionsProps {
  /** Names the item in the buttons' accessible names, e.g. "section Basics". */
  itemName: string;
  index: number;
  count: number;
  disabled: boolean;
  onMove: (offset: -1 | 1) => void;
  onDelete: () => void;
}

/** Move up, move down and delete: the actions every row of the course outline offers. */
export function RowActions({ itemName, index, count, disabled, onMove, onDelete }: RowActionsProps) {
  return (
    <div className="editor-row-actions">
      <button
        type="button"
        className="button button-ghost button-small"
        aria-label={`Move ${itemName} up`}
        disabled={disabled || index === 0}
        onClick={() => onMove(-1)}
      >
        ↑
      </button>
      <button
        type="button"
        className="button button-ghost button-small"
        aria-label={`Move ${itemName} down`}
        disabled={disabled || index === count - 1}
        onClick={() => onMove(1)}
      >
        ↓
      </button>
      <button
        type="button"
        className="button button-ghost button-small button-danger-text"
        disabled={disabled}
        onClick={onDelete}
      >
        Delete<span className="visually-hidden"> {itemName}</span>
      </button>
    </div>
  );
}
