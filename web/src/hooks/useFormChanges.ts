import { useCallback, useRef, useState, type FormEvent } from "react";

type Field = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

function fieldsOf(form: HTMLFormElement): Field[] {
  return [...form.elements].filter(
    (element): element is Field =>
      element instanceof HTMLInputElement ||
      element instanceof HTMLTextAreaElement ||
      element instanceof HTMLSelectElement,
  );
}

/** Uncontrolled fields remember what they were rendered with: their defaults. */
function differsFromDefault(field: Field): boolean {
  if (field instanceof HTMLSelectElement) {
    return [...field.options].some((option) => option.selected !== option.defaultSelected);
  }
  if (field instanceof HTMLInputElement && (field.type === "checkbox" || field.type === "radio")) {
    return field.checked !== field.defaultChecked;
  }
  if (field instanceof HTMLInputElement && field.type === "file") return false;
  return field.value !== field.defaultValue;
}

function acceptCurrentValues(form: HTMLFormElement): void {
  for (const field of fieldsOf(form)) {
    if (field instanceof HTMLSelectElement) {
      for (const option of field.options) option.defaultSelected = option.selected;
    } else if (field instanceof HTMLInputElement && (field.type === "checkbox" || field.type === "radio")) {
      field.defaultChecked = field.checked;
    } else if (!(field instanceof HTMLInputElement && field.type === "file")) {
      field.defaultValue = field.value;
    }
  }
}

/**
 * Whether the fields of an uncontrolled form differ from what they were
 * rendered with. Put `onChange` on the form or an element around it (change
 * events bubble); call `markSaved` once the values are stored.
 */
export function useFormChanges() {
  const [hasChanges, setHasChanges] = useState(false);
  const formRef = useRef<HTMLFormElement | null>(null);

  const onChange = useCallback((event: FormEvent<HTMLElement>) => {
    const form = (event.target as Partial<Field>).form;
    if (!form) return;
    formRef.current = form;
    setHasChanges(fieldsOf(form).some(differsFromDefault));
  }, []);

  const markSaved = useCallback(() => {
    if (formRef.current) acceptCurrentValues(formRef.current);
    setHasChanges(false);
  }, []);

  return { hasChanges, onChange, markSaved };
}
