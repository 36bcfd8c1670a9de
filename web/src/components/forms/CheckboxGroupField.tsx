import { useId } from "react";
import { fieldSentence } from "./fieldSentence";

/** A choice named by its value (shown as code, an identifier such as a scope), and what it means. */
export interface CheckboxOption {
  value: string;
  description?: string;
}

interface CheckboxGroupFieldProps {
  legend: string;
  /** The FormData name every checked box adds its value under (read with getAll). */
  name: string;
  options: readonly CheckboxOption[];
  defaultValues?: readonly string[];
  hint?: string;
  error?: string;
}

/** Several choices under one question: a fieldset of native checkboxes, with its hint and error. */
export function CheckboxGroupField({ legend, name, options, defaultValues = [], hint, error }: CheckboxGroupFieldProps) {
  const id = useId();
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(" ") || undefined;
  return (
    <fieldset className={error ? "field checkbox-group field-invalid" : "field checkbox-group"} aria-describedby={describedBy}>
      <legend>{legend}</legend>
      {hint && (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      )}
      {options.map((option) => (
        <label key={option.value} className="checkbox-option">
          <input type="checkbox" name={name} value={option.value} defaultChecked={defaultValues.includes(option.value)} aria-invalid={error ? true : undefined} />
          <span>
            <code>{option.value}</code>
            {option.description && <span className="muted"> {option.description}</span>}
          </span>
        </label>
      ))}
      {error && (
        <p id={`${id}-error`} className="field-error">
          {fieldSentence(name, error)}
        </p>
      )}
    </fieldset>
  );
}
