// Accounts for tests, made through the public API (and promoted directly where a role is needed).
import { randomBytes } from "node:crypto";
import type { Role } from "../../src/generated/prisma/enums.ts";
import type { TestServer } from "./test-server.ts";

export interface TestAccount {
  id: string;
  email: string;
  password: string;
  accessToken: string;
  refreshToken: string;
}

export const SIGN_UP = /* GraphQL */ `
  mutation SignUp($input: SignUpInput!) {
    signUp(input: $input) { accessToken refreshToken accessTokenExpiresAt user { id email role profile { displayName } } }
  }
`;

export function uniqueEmail(prefix = "user"): string {
  return `${prefix}-${randomBytes(4).toString("hex")}@example.com`;
}

/** `verified`: the address counts as verified, as after opening the mailed link (which applying to teach needs). */
export async function signUp(
  server: TestServer,
  overrides: { email?: string; displayName?: string; role?: Role; verified?: boolean } = {},
): Promise<TestAccount> {
  const email = overrides.email ?? uniqueEmail();
  const password = `pw-${randomBytes(8).toString("hex")}`;
  const result = await server.graphql(SIGN_UP, {
    input: { email, password, displayName: overrides.displayName ?? "Test User" },
  });
  if (!result.data?.signUp) throw new Error(`signUp failed: ${JSON.stringify(result.errors)}`);
  const { accessToken, refreshToken, user } = result.data.signUp;
  if ((overrides.role && overrides.role !== "STUDENT") || overrides.verified) {
    await server.db.user.update({ where: { email }, data: { role: overrides.role, emailVerified: overrides.verified } });
  }
  return { id: user.id, email, password, accessToken, refreshToken };
}
