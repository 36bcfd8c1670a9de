import { useId, type ReactNode } from "react";

interface FilePickerProps {
  /** What the button says, which also names the file input for assistive technology. */
  children: ReactNode;
  /** The types the system's picker offers (MIME types or extensions). */
  accept: readonly string[];
  disabled?: boolean;
  /** The id of a hint read with the input. */
  describedBy?: string;
  onPick(file: File): void;
}

/**
 * A button that opens the system's file picker for one file. The native input stays invisible but
 * focusable (keyboard users reach it; the label shows the focus ring), so the page needs no script
 * to open the picker.
 */
export function FilePicker({ children, accept, disabled, describedBy, onPick }: FilePickerProps) {
  const id = useId();
  return (
    <span className="file-picker">
      <input
        id={id}
        type="file"
        className="file-picker-input"
        accept={accept.join(",")}
        disabled={disabled}
        aria-describedby={describedBy}
        onChange={(event) => {
          const file = event.target.files?.[0];
          // Emptied, so that picking the same file again (after a failure, say) is a change too.
          event.target.value = "";
          if (file) onPick(file);
        }}
      />
      <label htmlFor={id} className="button button-secondary button-small">
        {children}
      </label>
    </span>
  );
}
