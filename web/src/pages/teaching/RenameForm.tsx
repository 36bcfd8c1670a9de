import { useId, useState } from "react";
import { InlineError } from "../../components/InlineError";

interface RenameFormProps {
  label: string;
  name: string;
  busy: boolean;
  error: unknown;
  onSave: (name: string) => void;
}

/** A one-field form to rename a section or a video in place. */
export function RenameForm({ label, name, busy, error, onSave }: RenameFormProps) {
  const id = useId();
  const [draft, setDraft] = useState(name);
  const trimmed = draft.trim();
  return (
    <form
      className="inline-form rename-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (trimmed) onSave(trimmed);
      }}
    >
      <label htmlFor={id} className="visually-hidden">
        {label}
      </label>
      <input
        id={id}
        value={draft}
        required
        maxLength={200}
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
