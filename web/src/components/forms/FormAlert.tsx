import { errorMessageOf, fieldErrorsOf } from "../../apollo/apiErrors";

/** The part of an API error that belongs to the form as a whole. */
export function FormAlert({ error }: { error: unknown }) {
  if (!error) return null;
  const hasFieldErrors = Object.keys(fieldErrorsOf(error)).length > 0;
  return (
    <p className="alert alert-error" role="alert">
      {hasFieldErrors ? "Please correct the fields marked below." : errorMessageOf(error)}
    </p>
  );
}
