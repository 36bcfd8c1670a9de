import type { SelectHTMLAttributes } from "react";
import { FormField } from "./FormField";

export interface SelectOption {
  value: string;
  label: string;
}

interface SelectFieldProps extends Omit<SelectHTMLAttributes<HTMLSelectElement>, "id"> {
  label: string;
  options: readonly SelectOption[];
  hint?: string;
  error?: string;
}

export function SelectField({ label, options, hint, error, ...select }: SelectFieldProps) {
  return (
    <FormField label={label} name={select.name} hint={hint} error={error}>
      {(control) => (
        <select {...select} {...control}>
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </FormField>
  );
}
