import { useMutation } from "@apollo/client/react";
import { useState } from "react";
import { Link } from "react-router";
import { fieldErrorsOf } from "../../apollo/apiErrors";
import { Form } from "../../components/forms/Form";
import { textOf } from "../../components/forms/formValues";
import { SubmitButton } from "../../components/forms/SubmitButton";
import { EmailField } from "../../components/forms/EmailField";
import { RequestPasswordResetDocument } from "../../gql/graphql";
import { usePageTitle } from "../../hooks/usePageTitle";

export default function ForgotPasswordPage() {
  usePageTitle("Reset your password");
  const [requestReset, { loading, error }] = useMutation(RequestPasswordResetDocument, {
    errorPolicy: "all",
  });
  const [sentTo, setSentTo] = useState<string | null>(null);
  const fieldErrors = fieldErrorsOf(error);

  const handleSubmit = async (data: FormData) => {
    const email = textOf(data, "email");
    const result = await requestReset({ variables: { email } });
    if (result.data) setSentTo(email);
  };

  if (sentTo) {
    return (
      <section className="page page-narrow">
        <h1>Check your email</h1>
        <p role="status">
          If an account exists for <strong>{sentTo}</strong>, we have sent it a link to choose a
          new password. The link expires after a while, so use it soon.
        </p>
        <p>
          <Link to="/sign-in">Back to sign in</Link>
        </p>
      </section>
    );
  }

  return (
    <section className="page page-narrow">
      <h1>Reset your password</h1>
      <p>Enter the email address of your account and we will send you a reset link.</p>
      <Form
        label="Request a password reset"
        onSubmit={handleSubmit}
        error={error}
        invalidFields={fieldErrors}
      >
        <EmailField error={fieldErrors.email} />
        <SubmitButton busy={loading} busyLabel="Sending…">
          Send reset link
        </SubmitButton>
      </Form>
      <p>
        <Link to="/sign-in">Back to sign in</Link>
      </p>
    </section>
  );
}
