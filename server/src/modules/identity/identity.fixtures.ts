// The identity module's factories for tests: accounts made through the public API (promoted in
// identity's own tables where a role or a verified address is needed), and the cast, the one set
// of people (and their API keys) that tests about who may do what speak of.
import { randomBytes } from "node:crypto";
import type { Role } from "../../generated/prisma/enums.ts";
import type { TestServer } from "../../../test/support/test-server.ts";
import { API_KEY_SCOPES } from "./api-key.scopes.ts";

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

const CREATE_API_KEY = /* GraphQL */ `
  mutation CreateKey($name: String!, $scopes: [String!]!) { createApiKey(name: $name, scopes: $scopes) { secret } }
`;

/** A new API key of `owner` with `scopes`: its secret, the bearer it is sent as. */
export async function createApiKey(server: TestServer, owner: TestAccount, scopes: readonly string[], name = "test key"): Promise<string> {
  const result = await server.graphql(CREATE_API_KEY, { name, scopes }, { token: owner.accessToken });
  if (!result.data?.createApiKey) throw new Error(`createApiKey failed: ${JSON.stringify(result.errors)}`);
  return result.data.createApiKey.secret as string;
}

export const PEOPLE = ["student", "otherStudent", "owner", "coInstructor", "otherInstructor", "admin"] as const;
export type Person = (typeof PEOPLE)[number];

/** The cast's API keys and the person each acts as. */
export const API_KEY_OWNERS = { ownerKey: "owner", readOnlyKey: "owner", adminKey: "admin" } as const satisfies Record<string, Person>;
export type KeyName = keyof typeof API_KEY_OWNERS;

/** Whoever may call the API: nobody (no token), a person of the cast, or one of its API keys. */
export type Actor = "anonymous" | Person | KeyName;

/**
 * The people the access rules speak of. The owner is the instructor whose courses a test makes;
 * the co-instructor is an instructor a test may add to them; the other instructor and the other
 * student have no part in them. The student's address is verified, as applying to teach needs.
 */
export type Cast = Record<Person, TestAccount> & {
  /** Secrets of the API keys: the owner's with `ownerKeyScopes` (every scope unless told), the owner's with catalog:read alone, the admin's with every scope. */
  keys: Record<KeyName, string>;
};

/** Signs up the cast on `server` and creates its API keys. */
export async function signUpCast(server: TestServer, { ownerKeyScopes = API_KEY_SCOPES }: { ownerKeyScopes?: readonly string[] } = {}): Promise<Cast> {
  const [student, otherStudent, owner, coInstructor, otherInstructor, admin] = await Promise.all([
    signUp(server, { displayName: "Student", verified: true }),
    signUp(server, { displayName: "Other student" }),
    signUp(server, { role: "INSTRUCTOR", displayName: "Owner" }),
    signUp(server, { role: "INSTRUCTOR", displayName: "Co" }),
    signUp(server, { role: "INSTRUCTOR", displayName: "Other" }),
    signUp(server, { role: "ADMIN", displayName: "Admin" }),
  ]);
  const [ownerKey, readOnlyKey, adminKey] = await Promise.all([
    createApiKey(server, owner, ownerKeyScopes, "owner's key"),
    createApiKey(server, owner, ["catalog:read"], "owner's read-only key"),
    createApiKey(server, admin, API_KEY_SCOPES, "admin's key"),
  ]);
  return { student, otherStudent, owner, coInstructor, otherInstructor, admin, keys: { ownerKey, readOnlyKey, adminKey } };
}

const isKey = (actor: Actor): actor is KeyName => actor in API_KEY_OWNERS;

/** The person an actor is or acts for; none for anonymous. */
export function personOf(actor: Actor): Person | undefined {
  if (actor === "anonymous") return undefined;
  return isKey(actor) ? API_KEY_OWNERS[actor] : actor;
}

/** The Authorization bearer an actor sends; none for anonymous. */
export function tokenOf(cast: Cast, actor: Actor): string | undefined {
  if (actor === "anonymous") return undefined;
  return isKey(actor) ? cast.keys[actor] : cast[actor].accessToken;
}
