import { useEffect, useLayoutEffect, useRef, useState, type FormEvent, type ReactNode } from "react";
import type { FieldErrors } from "../../apollo/apiErrors";
import { FormAlert } from "./FormAlert";

interface FormProps {
  /** Accessible name of the form. */
  label: string;
  onSubmit: (data: FormData) => void;
  /** The API error of the last submission, if any. */
  error?: unknown;
  /** Every field error shown, from the API or checked here. */
  invalidFields?: FieldErrors;
  children: ReactNode;
}

function controlNamesOf(form: HTMLFormElement | null): ReadonlySet<string> {
  const names = [...(form?.elements ?? [])].map((control) => control.getAttribute("name") ?? "");
  return new Set(names.filter(Boolean));
}

export function Form({ label, onSubmit, error, invalidFields = {}, children }: FormProps) {
  const formRef = useRef<HTMLFormElement>(null);
  const [controlNames, setControlNames] = useState<ReadonlySet<string>>(new Set());
  const invalidFieldNames = Object.keys(invalidFields).join(",");

  // The alert tells apart the errors shown at a control from those it must say itself.
  useLayoutEffect(() => {
    setControlNames(controlNamesOf(formRef.current));
  }, [error]);

  // Keyboard and screen-reader users land on the first field to fix.
  useEffect(() => {
    if (!error && !invalidFieldNames) return;
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [error, invalidFieldNames]);

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    // Including the submitter lets a form offer several actions as named buttons.
    const { submitter } = event.nativeEvent as SubmitEvent;
    onSubmit(new FormData(event.currentTarget, submitter));
  };

  return (
    <form ref={formRef} className="form" aria-label={label} onSubmit={handleSubmit}>
      <FormAlert error={error} controlNames={controlNames} />
      {children}
    </form>
  );
}
