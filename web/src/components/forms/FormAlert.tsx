import { errorMessageOf, fieldErrorsOf } from "../../apollo/apiErrors";
import { fieldSentences } from "./fieldSentence";

interface FormAlertProps {
  error: unknown;
  /** The names of the form's controls: their errors show next to them. */
  controlNames: ReadonlySet<string>;
}

/** The part of an API error that belongs to the form as a whole. */
export function FormAlert({ error, controlNames }: FormAlertProps) {
  if (!error) return null;
  const sentences = fieldSentences(fieldErrorsOf(error));
  // An error about a field the form does not show (a reset link's token) is the form's message.
  const unshown = sentences.filter(([field]) => !controlNames.has(field)).map(([, sentence]) => sentence);
  const markedCount = sentences.length - unshown.length;
  const message =
    sentences.length === 0
      ? errorMessageOf(error)
      : [
          ...unshown,
          markedCount === 1 && "Please correct the field marked below.",
          markedCount > 1 && "Please correct the fields marked below.",
        ]
          .filter(Boolean)
          .join(" ");
  return (
    <p className="alert alert-error" role="alert">
      {message}
    </p>
  );
}
