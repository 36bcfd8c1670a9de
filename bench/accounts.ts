// Accounts for scenarios, made through the public signUp mutation like any client would.
import { randomBytes } from "node:crypto";
import { callGraphQL } from "./graphql.ts";
import type { BenchContext } from "./scenario.ts";

export interface BenchAccount {
  email: string;
  password: string;
  accessToken: string;
}

const SIGN_UP = /* GraphQL */ `
  mutation BenchSignUp($input: SignUpInput!) {
    signUp(input: $input) { accessToken }
  }
`;

export async function signUpAccounts(context: BenchContext, count: number): Promise<BenchAccount[]> {
  const run = randomBytes(4).toString("hex");
  return Promise.all(
    Array.from({ length: count }, async (_, index) => {
      const email = `bench-${run}-${index}@example.com`;
      const password = `bench-${randomBytes(12).toString("hex")}`;
      const data = await callGraphQL<{ signUp: { accessToken: string } }>(context, SIGN_UP, {
        input: { email, password, displayName: `Bench User ${index}` },
      });
      return { email, password, accessToken: data.signUp.accessToken };
    }),
  );
}
