import { useId, useState } from "react";
import { useUnsavedChanges } from "../../app/UnsavedChanges";
import { InlineError } from "../../components/InlineError";

interface RenameFormProps {
  /** What is renamed, e.g. "section Basics". */
  itemName: string;
  name: string;
  busy: boolean;
  error: unknown;
  onSave: (name: string) => void;
  /** What the field holds, for its label: "Title" unless told. */
  fieldLabel?: string;
  maxLength?: number;
}

/** A one-field form to rename a section, a video or a resource in place. */
export function RenameForm({ itemName, name, busy, error, onSave, fieldLabel = "Title", maxLength = 200 }: RenameFormProps) {
  const id = useId();
  const [draft, setDraft] = useState(name);
  const trimmed = draft.trim();
  useUnsavedChanges(`the ${fieldLabel.toLowerCase()} of ${itemName}`, trimmed !== name);
  return (
    <form
      className="inline-form rename-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (trimmed) onSave(trimmed);
      }}
    >
      <label htmlFor={id} className="visually-hidden">
        {fieldLabel} of {itemName}
      </label>
      <input
        id={id}
        value={draft}
        required
        maxLength={maxLength}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(event) => setDraft(event.target.value)}
      />
      <button
        type="submit"
        className="button button-secondary button-small"
        disabled={busy || !trimmed || trimmed === name}
        aria-busy={busy}
      >
        {busy ? "Saving…" : "Rename"}
      </button>
      <InlineError error={error} id={`${id}-error`} />
    </form>
  );
}
