import { useMutation } from "@apollo/client/react";
import { useState } from "react";
import { ROLES } from "../../app/access";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { InlineError } from "../../components/InlineError";
import { toastSuccess } from "../../components/toasts/toastQueue";
import { roleLabel, roleNoun } from "../../format/role";
import { SetUserRoleDocument, type Role } from "../../gql/graphql";

const ROLE_OPTIONS = ROLES.map((role) => ({ value: role, label: roleLabel(role) }));

/** What the change means for the person, said before it is made. */
function consequenceOf(userName: string, from: Role, to: Role): string {
  if (to === "ADMIN") return `${userName} will manage every user, application and course.`;
  if (from === "ADMIN") {
    return to === "INSTRUCTOR"
      ? `${userName} will no longer reach the administration pages, only their own courses.`
      : `${userName} will no longer reach the administration or teaching pages.`;
  }
  if (to === "INSTRUCTOR") return `${userName} will create courses and publish them.`;
  return (
    `${userName} will no longer reach the teaching pages. Their published courses stay in the ` +
    "catalog; admins can still edit, unpublish or archive them and add co-instructors."
  );
}

interface UserRoleFormProps {
  userId: string;
  userName: string;
  role: Role;
}

/** Changing a role takes an explicit Save and a confirmation: arrow keys on a select must not fire changes. */
export function UserRoleForm({ userId, userName, role }: UserRoleFormProps) {
  const [chosenRole, setChosenRole] = useState<Role>(role);
  const [confirming, setConfirming] = useState(false);
  const [setUserRole, { loading, error }] = useMutation(SetUserRoleDocument, {
    errorPolicy: "all",
  });
  const errorId = `role-error-${userId}`;

  const handleConfirm = async () => {
    setConfirming(false);
    const result = await setUserRole({ variables: { userId, role: chosenRole } });
    if (result.data) toastSuccess(`${userName} is now ${roleNoun(chosenRole)}.`);
  };

  return (
    <form
      className="inline-form"
      aria-label={`Role of ${userName}`}
      onSubmit={(event) => {
        event.preventDefault();
        setConfirming(true);
      }}
    >
      <select
        aria-label={`Role of ${userName}`}
        value={chosenRole}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        onChange={(event) => setChosenRole(event.target.value as Role)}
      >
        {ROLE_OPTIONS.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <button
        type="submit"
        className="button button-secondary button-small"
        disabled={loading || chosenRole === role}
        aria-busy={loading}
      >
        {loading ? "Saving…" : "Save"}
      </button>
      <InlineError error={error} id={errorId} />
      <ConfirmDialog
        isOpen={confirming}
        title={`Make ${userName} ${roleNoun(chosenRole)}?`}
        confirmLabel="Change role"
        cancelLabel="Cancel"
        destructive={ROLES.indexOf(chosenRole) < ROLES.indexOf(role)}
        onConfirm={() => void handleConfirm()}
        onCancel={() => setConfirming(false)}
      >
        <p>{consequenceOf(userName, role, chosenRole)}</p>
      </ConfirmDialog>
    </form>
  );
}
