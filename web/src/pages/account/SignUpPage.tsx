import { useMutation } from "@apollo/client/react";
import { Link, useLocation } from "react-router";
import { fieldErrorsOf } from "../../apollo/apiErrors";
import { startSession } from "../../auth/session";
import { SESSION_MUTATION_OPTIONS } from "../../auth/sessionMutationOptions";
import { Form } from "../../components/forms/Form";
import { secretOf, textOf } from "../../components/forms/formValues";
import { SubmitButton } from "../../components/forms/SubmitButton";
import { TextField } from "../../components/forms/TextField";
import { EmailField } from "../../components/forms/EmailField";
import { SignUpDocument } from "../../gql/graphql";
import { usePageTitle } from "../../hooks/usePageTitle";

export default function SignUpPage() {
  usePageTitle("Create an account");
  const location = useLocation();
  const [signUp, { loading, error }] = useMutation(SignUpDocument, SESSION_MUTATION_OPTIONS);
  const fieldErrors = fieldErrorsOf(error);

  // On success the session starts and GuestOnly moves on to the next page.
  const handleSubmit = async (data: FormData) => {
    const result = await signUp({
      variables: {
        input: {
          displayName: textOf(data, "displayName"),
          email: textOf(data, "email"),
          password: secretOf(data, "password"),
        },
      },
    });
    if (result.data) startSession(result.data.signUp);
  };

  return (
    <section className="page page-narrow">
      <h1>Create an account</h1>
      <Form
        label="Create an account"
        onSubmit={handleSubmit}
        error={error}
        invalidFields={fieldErrors}
      >
        <TextField
          label="Your name"
          name="displayName"
          autoComplete="name"
          required
          maxLength={80}
          error={fieldErrors.displayName}
        />
        <EmailField error={fieldErrors.email} />
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={8}
          hint="At least 8 characters."
          error={fieldErrors.password}
        />
        <SubmitButton busy={loading} busyLabel="Creating your account…">
          Create account
        </SubmitButton>
      </Form>
      <p>
        Already have an account? <Link to={`/sign-in${location.search}`}>Sign in</Link>
      </p>
    </section>
  );
}
