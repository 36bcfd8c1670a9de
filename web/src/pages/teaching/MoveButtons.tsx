interface MoveButtonsProps {
  /** Names the item in the buttons' accessible names, e.g. "section Basics". */
  itemName: string;
  index: number;
  count: number;
  disabled: boolean;
  onMove: (offset: -1 | 1) => void;
}

export function MoveButtons({ itemName, index, count, disabled, onMove }: MoveButtonsProps) {
  return (
    <>
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
    </>
  );
}
