import { errorMessageOf, fieldErrorsOf } from "../apollo/apiErrors";
import { fieldSentences } from "./forms/fieldSentence";

/** The error of a compact control (a row's action), where there is no form to lay it out. */
export function InlineError({ error, id }: { error: unknown; id?: string }) {
  if (!error) return null;
  const sentences = fieldSentences(fieldErrorsOf(error)).map(([, sentence]) => sentence);
  return (
    <p id={id} className="field-error" role="alert">
      {sentences.length > 0 ? sentences.join(" ") : errorMessageOf(error)}
    </p>
  );
}
