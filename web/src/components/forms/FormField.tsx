import { useId, type ReactNode } from "react";
import { fieldSentence } from "./fieldSentence";

/** Props that tie a control to its label, hint and error message. */
export interface FieldControlProps {
  id: string;
  "aria-invalid": true | undefined;
  "aria-describedby": string | undefined;
}

interface FormFieldProps {
  label: string;
  /** The control's name, which the API's field errors are keyed by. */
  name?: string;
  hint?: string;
  error?: string;
  children: (control: FieldControlProps) => ReactNode;
}

export function FormField({ label, name, hint, error, children }: FormFieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div className={error ? "field field-invalid" : "field"}>
      <label htmlFor={id}>{label}</label>
      {children({ id, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy })}
      {hint && (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} className="field-error">
          {name ? fieldSentence(name, error) : error}
        </p>
      )}
    </div>
  );
}
