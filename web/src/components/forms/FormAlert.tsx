import { errorCodeOf, errorMessageOf, fieldErrorsOf } from "../../apollo/apiErrors";

/** The part of an API error that belongs to the form as a whole. */
export function FormAlert({ error }: { error: unknown }) {
  if (!error) return null;
  // A BAD_USER_INPUT message only lists the field errors, which show next to their fields.
  const onlyFieldErrors =
    errorCodeOf(error) === "BAD_USER_INPUT" && Object.keys(fieldErrorsOf(error)).length > 0;
  return (
    <p className="alert alert-error" role="alert">
      {onlyFieldErrors ? "Please correct the fields marked below." : errorMessageOf(error)}
    </p>
  );
}
