import type { ReactNode } from "react";

interface SubmitButtonProps {
  busy: boolean;
  busyLabel: string;
  children: ReactNode;
  /** With `value`, tells the form which of its actions was chosen. */
  name?: string;
  value?: string;
  /** Another action of the form is running: wait without showing progress. */
  disabled?: boolean;
  variant?: "primary" | "secondary" | "danger";
}

export function SubmitButton({
  busy,
  busyLabel,
  children,
  name,
  value,
  disabled = false,
  variant = "primary",
}: SubmitButtonProps) {
  return (
    <button
      type="submit"
      name={name}
      value={value}
      className={`button button-${variant}`}
      disabled={busy || disabled}
      aria-busy={busy}
    >
      {busy ? busyLabel : children}
    </button>
  );
}
