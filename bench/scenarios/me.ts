// The `me` query: the cheapest signed-in read, so it measures the request path itself
// (HTTP, token check, context, shield, one user and profile lookup).
import { signUpAccounts, type BenchAccount } from "../accounts.ts";
import { graphqlLoadSpec } from "../graphql.ts";
import { measureLoad } from "../load.ts";
import type { BenchContext, Measurement, Scenario } from "../scenario.ts";

const CONNECTIONS = 50;
const DURATION_SECONDS = 10;
/** Distinct viewers spread over the connections, so no single row is all the database serves. */
const ACCOUNTS = 10;

const ME = /* GraphQL */ `
  query BenchMe {
    me { id email role profile { displayName } }
  }
`;

/** The `me` load as these accounts' viewers; other scenarios measure it beside theirs (`name` labels the row). */
export function measureMe(context: BenchContext, accounts: BenchAccount[], name = "me"): Promise<Measurement> {
  return measureLoad(
    graphqlLoadSpec(context, {
      name,
      connections: CONNECTIONS,
      durationSeconds: DURATION_SECONDS,
      query: ME,
      variablesFor: () => ({}),
      tokenFor: (index) => accounts[index % accounts.length].accessToken,
    }),
  );
}

export const me: Scenario<BenchAccount[]> = {
  name: "me",
  description: `me query with a bearer token from ${CONNECTIONS} connections, ${ACCOUNTS} viewers`,
  setup: (context) => signUpAccounts(context, ACCOUNTS),
  run: async (context, accounts) => [await measureMe(context, accounts)],
};
