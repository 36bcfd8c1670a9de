import { useId, useState } from "react";
import { useUnsavedChanges } from "../../app/UnsavedChanges";
import { InlineError } from "../../components/InlineError";

interface AddItemFormProps {
  label: string;
  buttonLabel: string;
  busy: boolean;
  error: unknown;
  /** Resolves to whether the item was added, to clear the field. */
  onAdd: (title: string) => Promise<boolean>;
}

/** A one-field form that adds a section or a video by its title. */
export function AddItemForm({ label, buttonLabel, busy, error, onAdd }: AddItemFormProps) {
  const id = useId();
  const [title, setTitle] = useState("");
  useUnsavedChanges(`the ${label.toLowerCase()}`, title.trim() !== "");
  return (
    <form
      className="inline-form add-item-form"
      onSubmit={async (event) => {
        event.preventDefault();
        if (await onAdd(title.trim())) setTitle("");
      }}
    >
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        value={title}
        required
        maxLength={200}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(event) => setTitle(event.target.value)}
      />
      <button type="submit" className="button button-secondary button-small" disabled={busy} aria-busy={busy}>
        {busy ? "Adding…" : buttonLabel}
      </button>
      <InlineError error={error} id={`${id}-error`} />
    </form>
  );
}
