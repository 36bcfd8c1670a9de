import type { InputHTMLAttributes } from "react";
import { FormField } from "./FormField";

interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, "id"> {
  label: string;
  name: string;
  hint?: string;
  error?: string;
}

export function TextField({ label, hint, error, ...input }: TextFieldProps) {
  return (
    <FormField label={label} name={input.name} hint={hint} error={error}>
      {(control) => <input {...input} {...control} />}
    </FormField>
  );
}
