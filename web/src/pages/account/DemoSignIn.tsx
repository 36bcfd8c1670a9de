import { useMutation, useQuery } from "@apollo/client/react";
import { useState } from "react";
import { startSession } from "../../auth/session";
import { SESSION_MUTATION_OPTIONS } from "../../auth/sessionMutationOptions";
import { InlineError } from "../../components/InlineError";
import { DemoAccountsDocument, SignInDocument, type Role } from "../../gql/graphql";

const ROLE_NAMES: Record<Role, string> = { ADMIN: "admin", INSTRUCTOR: "instructor", STUDENT: "student" };

/**
 * One click to sign in as each demo account, so a person can switch roles and see the interface
 * change. The API offers them in development with the demo data only; elsewhere nothing shows.
 */
export function DemoSignIn() {
  const { data } = useQuery(DemoAccountsDocument, { fetchPolicy: "cache-and-network" });
  const [signIn, { loading, error }] = useMutation(SignInDocument, SESSION_MUTATION_OPTIONS);
  const [chosen, setChosen] = useState<string | null>(null);
  const accounts = data?.demoAccounts ?? [];
  if (accounts.length === 0) return null;

  // On success the session starts and GuestOnly moves on to the next page.
  const signInAs = async (email: string, password: string) => {
    setChosen(email);
    const result = await signIn({ variables: { input: { email, password } } }).catch(() => null);
    if (result?.data) startSession(result.data.signIn);
  };

  return (
    <section className="demo-sign-in" aria-labelledby="demo-sign-in-heading">
      <h2 id="demo-sign-in-heading">Try the demo</h2>
      <p>This development server has demo data. Sign in as one of its accounts to see what each role sees; sign out to switch.</p>
      <ul className="demo-accounts">
        {accounts.map((account) => (
          <li key={account.email}>
            <button type="button" className="button button-secondary" disabled={loading} onClick={() => void signInAs(account.email, account.password)}>
              {loading && chosen === account.email ? "Signing in…" : `Sign in as ${account.displayName} (${ROLE_NAMES[account.role]})`}
            </button>
            <span className="demo-account-credentials">
              {account.email} / {account.password}
            </span>
          </li>
        ))}
      </ul>
      <InlineError error={error} />
    </section>
  );
}
