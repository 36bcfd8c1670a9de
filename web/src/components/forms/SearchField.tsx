import { useEffect, useId, useState } from "react";
import { useDebouncedValue } from "../../hooks/useDebouncedValue";

const SEARCH_DEBOUNCE_MS = 300;

interface SearchFieldProps {
  label: string;
  /** The search in effect (usually kept in the URL). */
  value: string;
  /** Called as the user types, once they pause. */
  onSearch: (text: string) => void;
  placeholder?: string;
}

/** Search as you type: edits stay local until typing pauses. */
export function SearchField({ label, value, onSearch, placeholder }: SearchFieldProps) {
  const id = useId();
  const [text, setText] = useState(value);
  const debouncedText = useDebouncedValue(text.trim(), SEARCH_DEBOUNCE_MS);

  // Only a pause in typing searches; `value` and `onSearch` changing on their
  // own (navigation, re-renders) must not, so they are not dependencies.
  useEffect(() => {
    if (debouncedText !== value) onSearch(debouncedText);
  }, [debouncedText]);

  // Back/forward navigation changes the search under the field: follow it.
  useEffect(() => {
    setText((typed) => (typed.trim() === value ? typed : value));
  }, [value]);

  return (
    <div className="field field-search">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="search"
        value={text}
        placeholder={placeholder}
        onChange={(event) => setText(event.target.value)}
      />
    </div>
  );
}
