import { errorMessageOf, fieldErrorsOf } from "../apollo/apiErrors";

/** The error of a compact control (a row's action), where there is no form to lay it out. */
export function InlineError({ error, id }: { error: unknown; id?: string }) {
  if (!error) return null;
  const fieldMessages = Object.values(fieldErrorsOf(error));
  return (
    <p id={id} className="field-error" role="alert">
      {fieldMessages.length > 0 ? fieldMessages.join(" ") : errorMessageOf(error)}
    </p>
  );
}
