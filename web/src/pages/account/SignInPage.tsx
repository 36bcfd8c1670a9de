import { useMutation } from "@apollo/client/react";
import { Link, useLocation } from "react-router";
import { fieldErrorsOf } from "../../apollo/apiErrors";
import { isSessionExpiredState } from "../../app/nextPath";
import { startSession } from "../../auth/session";
import { SESSION_MUTATION_OPTIONS } from "../../auth/sessionMutationOptions";
import { Form } from "../../components/forms/Form";
import { secretOf, textOf } from "../../components/forms/formValues";
import { SubmitButton } from "../../components/forms/SubmitButton";
import { TextField } from "../../components/forms/TextField";
import { EmailField } from "../../components/forms/EmailField";
import { SignInDocument } from "../../gql/graphql";
import { usePageTitle } from "../../hooks/usePageTitle";
import { DemoSignIn } from "./DemoSignIn";

export default function SignInPage() {
  usePageTitle("Sign in");
  const location = useLocation();
  const [signIn, { loading, error }] = useMutation(SignInDocument, SESSION_MUTATION_OPTIONS);
  const fieldErrors = fieldErrorsOf(error);

  // On success the session starts and GuestOnly moves on to the next page.
  const handleSubmit = async (data: FormData) => {
    const result = await signIn({
      variables: { input: { email: textOf(data, "email"), password: secretOf(data, "password") } },
    });
    if (result.data) startSession(result.data.signIn);
  };

  return (
    <section className="page page-narrow">
      <h1>Sign in</h1>
      {isSessionExpiredState(location.state) && (
        <p className="alert alert-info" role="status">
          Your session ended. Sign in again to continue.
        </p>
      )}
      <Form label="Sign in" onSubmit={handleSubmit} error={error} invalidFields={fieldErrors}>
        <EmailField error={fieldErrors.email} />
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          error={fieldErrors.password}
        />
        <SubmitButton busy={loading} busyLabel="Signing in…">
          Sign in
        </SubmitButton>
      </Form>
      <p>
        <Link to="/forgot-password">Forgot your password?</Link>
      </p>
      <p>
        New here? <Link to={`/sign-up${location.search}`}>Create an account</Link>
      </p>
      <DemoSignIn />
    </section>
  );
}
