import { useMutation, useQuery } from "@apollo/client/react";
import { Link } from "react-router";
import { fieldErrorsOf } from "../../apollo/apiErrors";
import { updateSessionUser } from "../../auth/session";
import { Avatar } from "../../components/Avatar";
import { EmailAddress } from "../../components/EmailAddress";
import { Form } from "../../components/forms/Form";
import { optionalTextOf, textOf } from "../../components/forms/formValues";
import { SubmitButton } from "../../components/forms/SubmitButton";
import { TextAreaField } from "../../components/forms/TextAreaField";
import { TextField } from "../../components/forms/TextField";
import { toastSuccess } from "../../components/toasts/toastQueue";
import { EmptyState } from "../../components/states/EmptyState";
import { ErrorState } from "../../components/states/ErrorState";
import { LoadingState } from "../../components/states/LoadingState";
import { formatDate } from "../../format/date";
import { roleLabel } from "../../format/role";
import { ProfileDocument, UpdateProfileDocument } from "../../gql/graphql";
import { usePageTitle } from "../../hooks/usePageTitle";
import { EmailVerificationStatus } from "./EmailVerificationStatus";
import { SupportViewLog } from "./SupportViewLog";

export default function ProfilePage() {
  usePageTitle("Your profile");
  const { data, loading, error, refetch } = useQuery(ProfileDocument);
  const [updateProfile, update] = useMutation(UpdateProfileDocument, { errorPolicy: "all" });
  const fieldErrors = fieldErrorsOf(update.error);

  if (loading && !data) return <LoadingState label="Loading your profile…" />;
  if (error) {
    return (
      <ErrorState
        error={error}
        title="Your profile could not be loaded"
        onRetry={() => void refetch()}
      />
    );
  }
  const me = data?.me;
  if (!me) {
    return (
      <EmptyState title="You are signed out">
        <Link to="/sign-in?next=/account/profile">Sign in to edit your profile</Link>
      </EmptyState>
    );
  }

  const handleSubmit = async (formData: FormData) => {
    const result = await updateProfile({
      variables: {
        input: {
          displayName: textOf(formData, "displayName"),
          avatarUrl: optionalTextOf(formData, "avatarUrl"),
          bio: optionalTextOf(formData, "bio"),
        },
      },
    });
    if (result.data) {
      updateSessionUser({ profile: result.data.updateProfile.profile });
      toastSuccess("Your profile is saved.");
    }
  };

  return (
    <section className="page page-narrow">
      <div className="profile-heading">
        <Avatar name={me.profile.displayName} url={me.profile.avatarUrl} size="large" />
        <h1>Your profile</h1>
      </div>
      <dl className="facts">
        <div className="fact-wide">
          <dt>Email</dt>
          <dd>
            {me.email && <EmailAddress address={me.email} />}{" "}
            {me.email && <EmailVerificationStatus email={me.email} verified={me.emailVerified} />}
          </dd>
        </div>
        <div>
          <dt>Role</dt>
          <dd>{roleLabel(me.role)}</dd>
        </div>
        <div>
          <dt>Member since</dt>
          <dd>{formatDate(me.createdAt)}</dd>
        </div>
      </dl>
      <Form
        label="Edit your profile"
        onSubmit={handleSubmit}
        error={update.error}
        invalidFields={fieldErrors}
      >
        <TextField
          label="Display name"
          name="displayName"
          autoComplete="name"
          required
          maxLength={80}
          defaultValue={me.profile.displayName}
          error={fieldErrors.displayName}
        />
        <TextField
          label="Avatar URL"
          name="avatarUrl"
          type="url"
          inputMode="url"
          hint="A link to a square picture, starting with https://. Without one, the first letter of your name stands in."
          defaultValue={me.profile.avatarUrl ?? ""}
          error={fieldErrors.avatarUrl}
        />
        <TextAreaField
          label="About you"
          name="bio"
          rows={5}
          maxLength={2000}
          defaultValue={me.profile.bio ?? ""}
          error={fieldErrors.bio}
        />
        <SubmitButton busy={update.loading} busyLabel="Saving…">
          Save profile
        </SubmitButton>
      </Form>
      <SupportViewLog />
    </section>
  );
}
