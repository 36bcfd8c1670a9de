import { useMutation } from "@apollo/client/react";
import { useState } from "react";
import { ROLES } from "../../app/access";
import { InlineError } from "../../components/InlineError";
import { roleLabel } from "../../format/role";
import { SetUserRoleDocument, type Role } from "../../gql/graphql";

const ROLE_OPTIONS = ROLES.map((role) => ({ value: role, label: roleLabel(role) }));

interface UserRoleFormProps {
  userId: string;
  userName: string;
  role: Role;
}

/** Changing a role takes an explicit Save: arrow keys on a select must not fire changes. */
export function UserRoleForm({ userId, userName, role }: UserRoleFormProps) {
  const [chosenRole, setChosenRole] = useState<Role>(role);
  const [setUserRole, { loading, error }] = useMutation(SetUserRoleDocument, {
    errorPolicy: "all",
  });
  const errorId = `role-error-${userId}`;

  return (
    <form
      className="inline-form"
      aria-label={`Role of ${userName}`}
      onSubmit={(event) => {
        event.preventDefault();
        void setUserRole({ variables: { userId, role: chosenRole } });
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
    </form>
  );
}
