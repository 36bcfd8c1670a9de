import { useMutation } from "@apollo/client/react";
import { useState } from "react";
import { Link, useSearchParams } from "react-router";
import { NO_FIELD_ERRORS, fieldErrorsOf, type FieldErrors } from "../../apollo/apiErrors";
import { Form } from "../../components/forms/Form";
import { secretOf } from "../../components/forms/formValues";
import { SubmitButton } from "../../components/forms/SubmitButton";
import { TextField } from "../../components/forms/TextField";
import { ResetPasswordDocument } from "../../gql/graphql";
import { usePageTitle } from "../../hooks/usePageTitle";

export default function ResetPasswordPage() {
  usePageTitle("Choose a new password");
  const [searchParams] = useSearchParams();
  const token = searchParams.get("token");
  const [resetPassword, { loading, error, data }] = useMutation(ResetPasswordDocument, {
    errorPolicy: "all",
  });
  const [mismatch, setMismatch] = useState<FieldErrors>(NO_FIELD_ERRORS);
  const fieldErrors = { ...fieldErrorsOf(error), ...mismatch };

  if (!token) {
    return (
      <section className="page page-narrow">
        <h1>Choose a new password</h1>
        <p className="alert alert-error" role="alert">
          This reset link is incomplete. Open the link from the email again, or ask for a new one.
        </p>
        <p>
          <Link to="/forgot-password">Request a new reset link</Link>
        </p>
      </section>
    );
  }

  if (data?.resetPassword) {
    return (
      <section className="page page-narrow">
        <h1>Password changed</h1>
        <p role="status">Your new password is set. Use it the next time you sign in.</p>
        <p>
          <Link to="/sign-in">Sign in</Link>
        </p>
      </section>
    );
  }

  const handleSubmit = (formData: FormData) => {
    const newPassword = secretOf(formData, "newPassword");
    if (newPassword !== secretOf(formData, "confirmPassword")) {
      setMismatch({ confirmPassword: "The two passwords differ." });
      return;
    }
    setMismatch(NO_FIELD_ERRORS);
    void resetPassword({ variables: { token, newPassword } });
  };

  return (
    <section className="page page-narrow">
      <h1>Choose a new password</h1>
      <Form
        label="Choose a new password"
        onSubmit={handleSubmit}
        error={error}
        invalidFields={fieldErrors}
      >
        <TextField
          label="New password"
          name="newPassword"
          type="password"
          autoComplete="new-password"
          required
          minLength={8}
          hint="At least 8 characters."
          error={fieldErrors.newPassword}
        />
        <TextField
          label="Repeat the new password"
          name="confirmPassword"
          type="password"
          autoComplete="new-password"
          required
          error={fieldErrors.confirmPassword}
        />
        <SubmitButton busy={loading} busyLabel="Saving…">
          Set new password
        </SubmitButton>
      </Form>
      {fieldErrors.token && (
        <p>
          <Link to="/forgot-password">Request a new reset link</Link>
        </p>
      )}
    </section>
  );
}
