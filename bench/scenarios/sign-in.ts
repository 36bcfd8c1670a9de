// signIn latency: argon2id verification makes each call slow by design, so few connections.
import { signUpAccounts, type BenchAccount } from "../accounts.ts";
import { graphqlLoadSpec } from "../graphql.ts";
import { measureLoad } from "../load.ts";
import type { Scenario } from "../scenario.ts";

const CONNECTIONS = 10;
const DURATION_SECONDS = 10;

const SIGN_IN = /* GraphQL */ `
  mutation BenchSignIn($input: SignInInput!) {
    signIn(input: $input) { accessToken refreshToken }
  }
`;

/** Each connection signs in as its own account, as real users would. */
export const signIn: Scenario<BenchAccount[]> = {
  name: "sign-in",
  description: `signIn mutation (argon2id verify + new session) from ${CONNECTIONS} connections, each its own account`,
  setup: (context) => signUpAccounts(context, CONNECTIONS),
  run: async (context, accounts) => [
    await measureLoad(
      graphqlLoadSpec(context, {
        name: "signIn",
        connections: CONNECTIONS,
        durationSeconds: DURATION_SECONDS,
        query: SIGN_IN,
        variablesFor: (index) => {
          const { email, password } = accounts[index % accounts.length];
          return { input: { email, password } };
        },
      }),
    ),
  ],
};
