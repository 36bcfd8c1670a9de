import type { TextareaHTMLAttributes } from "react";
import { FormField } from "./FormField";

interface TextAreaFieldProps extends Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "id"> {
  label: string;
  name: string;
  hint?: string;
  error?: string;
}

export function TextAreaField({ label, hint, error, rows = 4, ...textarea }: TextAreaFieldProps) {
  return (
    <FormField label={label} name={textarea.name} hint={hint} error={error}>
      {(control) => <textarea rows={rows} {...textarea} {...control} />}
    </FormField>
  );
}
