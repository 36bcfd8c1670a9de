import { useQuery } from "@apollo/client/react";
import { useState } from "react";
import { useSearchParams } from "react-router";
import { ROLES } from "../../app/access";
import { useSession } from "../../auth/useSession";
import { SearchField } from "../../components/forms/SearchField";
import { EmailAddress } from "../../components/EmailAddress";
import { SelectField } from "../../components/forms/SelectField";
import { LoadMore } from "../../components/LoadMore";
import { EmptyState } from "../../components/states/EmptyState";
import { ErrorState } from "../../components/states/ErrorState";
import { LoadingState } from "../../components/states/LoadingState";
import { formatCount } from "../../format/count";
import { formatDate } from "../../format/date";
import { roleLabel } from "../../format/role";
import { UsersDocument, type Role } from "../../gql/graphql";
import { useLoadMore } from "../../hooks/useLoadMore";
import { usePageTitle } from "../../hooks/usePageTitle";
import { SupportViewDialog } from "./SupportViewDialog";
import { UserRoleForm } from "./UserRoleForm";

const PAGE_SIZE = 25;

const ROLE_FILTER_OPTIONS = [
  { value: "", label: "All roles" },
  ...ROLES.map((role) => ({ value: role, label: roleLabel(role) })),
];

function roleFrom(params: URLSearchParams): Role | undefined {
  const role = params.get("role");
  return ROLES.find((candidate) => candidate === role);
}

export default function UsersPage() {
  usePageTitle("Users");
  const { user: viewer } = useSession();
  const [searchParams, setSearchParams] = useSearchParams();
  const search = searchParams.get("q") ?? "";
  const role = roleFrom(searchParams);
  const { data, previousData, loading, error, refetch, fetchMore } = useQuery(UsersDocument, {
    variables: { first: PAGE_SIZE, search: search || undefined, role },
  });
  const connection = (data ?? previousData)?.users;
  const pagination = useLoadMore(connection?.pageInfo, fetchMore);
  const [supportViewOf, setSupportViewOf] = useState<{ id: string; name: string } | null>(null);

  const changeFilter = (name: "q" | "role", value: string) => {
    const next = new URLSearchParams(searchParams);
    if (value) next.set(name, value);
    else next.delete(name);
    setSearchParams(next, { replace: true });
  };

  return (
    <section className="page">
      <h1>Users</h1>
      <div className="toolbar" role="search">
        <SearchField
          label="Search by name or email"
          value={search}
          onSearch={(text) => changeFilter("q", text)}
        />
        <SelectField
          label="Role"
          options={ROLE_FILTER_OPTIONS}
          value={role ?? ""}
          onChange={(event) => changeFilter("role", event.target.value)}
        />
        {connection && (
          <p className="muted" role="status">
            {formatCount(connection.totalCount, "user")}
          </p>
        )}
      </div>
      {error && !data ? (
        <ErrorState error={error} title="Users could not be loaded" onRetry={() => void refetch()} />
      ) : !connection ? (
        <LoadingState label="Loading users…" />
      ) : connection.edges.length === 0 ? (
        <EmptyState title="No user matches" />
      ) : (
        <>
          <div className="table-scroll">
            <table className="data-table data-table-cards" aria-busy={loading && !pagination.loading}>
              <caption className="visually-hidden">Users and their roles</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Email</th>
                  <th scope="col">Joined</th>
                  <th scope="col">Role</th>
                  <th scope="col">Support</th>
                </tr>
              </thead>
              <tbody>
                {connection.edges.map(({ node: user }) => (
                  <tr key={user.id}>
                    <th scope="row">{user.profile.displayName}</th>
                    <td data-label="Email">{user.email && <EmailAddress address={user.email} />}</td>
                    <td data-label="Joined">{formatDate(user.createdAt)}</td>
                    <td data-label="Role">
                      {user.id === viewer?.id ? (
                        <span title="Another administrator can change your role">
                          {roleLabel(user.role)} (you)
                        </span>
                      ) : (
                        <UserRoleForm
                          key={user.role}
                          userId={user.id}
                          userName={user.profile.displayName}
                          role={user.role}
                        />
                      )}
                    </td>
                    <td data-label="Support">
                      {user.id !== viewer?.id && (
                        <button
                          type="button"
                          className="button button-ghost button-small"
                          aria-label={`See as this user: ${user.profile.displayName}`}
                          onClick={() => setSupportViewOf({ id: user.id, name: user.profile.displayName })}
                        >
                          See as this user
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <LoadMore pagination={pagination} />
        </>
      )}
      {supportViewOf && (
        <SupportViewDialog userId={supportViewOf.id} userName={supportViewOf.name} onClose={() => setSupportViewOf(null)} />
      )}
    </section>
  );
}
