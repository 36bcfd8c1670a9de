// The authorization matrix: who may call each root operation. Modules declare their rows in
// src/modules/<module>/<module>.access.ts (export const accessRows: AccessRow[]);
// test/authorization.test.ts finds and runs them all against a real server.
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { signUp, type TestAccount } from "./accounts.ts";
import type { GraphQLResponse, TestServer } from "./test-server.ts";

export const ACTORS = [
  "anonymous",
  "student",
  "instructor",
  "otherInstructor",
  "admin",
  /** The instructor's API key with every scope. */
  "instructorKey",
  /** The instructor's API key with only catalog:read. */
  "readOnlyKey",
  /** The admin's API key with every scope. */
  "adminKey",
] as const;
export type Actor = (typeof ACTORS)[number];
export type PersonActor = "student" | "instructor" | "otherInstructor" | "admin";
export type KeyActor = "instructorKey" | "readOnlyKey" | "adminKey";

/**
 * allow: no UNAUTHENTICATED/FORBIDDEN error (other errors, such as BAD_USER_INPUT, are fine).
 * deny: refused with UNAUTHENTICATED (anonymous) or FORBIDDEN, and HTTP 401/403.
 * hide: answered as if the thing did not exist: null or NOT_FOUND (ownership checks).
 */
export type Verdict = "allow" | "deny" | "hide";

export interface AccessWorld {
  server: TestServer;
  people: Record<PersonActor, TestAccount>;
  /** The person an API key acts as. */
  keyOwner: Record<KeyActor, PersonActor>;
  /** The Authorization bearer of an actor, or undefined for anonymous. */
  credential(actor: Actor): string | undefined;
  /** Runs an operation as an actor. */
  graphql(actor: Actor, document: string, variables?: Record<string, unknown>): Promise<GraphQLResponse>;
  /** A new account (a fresh STUDENT unless a role is given), for operations that change state. */
  newAccount(role?: "STUDENT" | "INSTRUCTOR" | "ADMIN"): Promise<TestAccount>;
}

export interface AccessRow {
  /** "Query.users", "Mutation.createCourse": the root field the row checks. */
  operation: string;
  document: string;
  /** Variables for one call, made fresh before each actor's call so mutations never share state. */
  variables?: (world: AccessWorld, actor: Actor) => Promise<Record<string, unknown>> | Record<string, unknown>;
  verdicts: Record<Actor, Verdict>;
}

const MODULES_DIR = path.join(__dirname, "../../src/modules");

/** Every module's rows, from src/modules/<module>/<module>.access.ts. */
export function moduleAccessRows(): AccessRow[] {
  return readdirSync(MODULES_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => path.join(MODULES_DIR, entry.name, `${entry.name}.access.ts`))
    .filter((file) => existsSync(file))
    .flatMap((file) => (require(file) as { accessRows: AccessRow[] }).accessRows);
}

/** Verdicts that allow the given actors and deny every other. */
export function allowOnly(...allowed: Actor[]): Record<Actor, Verdict> {
  return Object.fromEntries(ACTORS.map((actor) => [actor, allowed.includes(actor) ? "allow" : "deny"])) as Record<Actor, Verdict>;
}

/** The `teaches` rule's verdicts: instructors and admins, in person or through a key with courses:write. */
export const TEACHES = allowOnly("instructor", "otherInstructor", "admin", "instructorKey", "adminKey");

export const PEOPLE: PersonActor[] = ["student", "instructor", "otherInstructor", "admin"];
export const KEYS: KeyActor[] = ["instructorKey", "readOnlyKey", "adminKey"];

const CREATE_KEY = /* GraphQL */ `
  mutation CreateKey($name: String!, $scopes: [String!]!) { createApiKey(name: $name, scopes: $scopes) { secret } }
`;

export async function buildAccessWorld(server: TestServer, everyScope: readonly string[]): Promise<AccessWorld> {
  const people: Record<PersonActor, TestAccount> = {
    // Verified, as a student must be to apply to teach.
    student: await signUp(server, { verified: true }),
    instructor: await signUp(server, { role: "INSTRUCTOR" }),
    otherInstructor: await signUp(server, { role: "INSTRUCTOR" }),
    admin: await signUp(server, { role: "ADMIN" }),
  };
  const keyOwner: Record<KeyActor, PersonActor> = { instructorKey: "instructor", readOnlyKey: "instructor", adminKey: "admin" };
  const createKey = async (owner: PersonActor, scopes: readonly string[]) => {
    const result = await server.graphql(CREATE_KEY, { name: `matrix ${owner}`, scopes }, { token: people[owner].accessToken });
    if (!result.data?.createApiKey) throw new Error(`createApiKey failed: ${JSON.stringify(result.errors)}`);
    return result.data.createApiKey.secret as string;
  };
  const secrets: Record<KeyActor, string> = {
    instructorKey: await createKey("instructor", everyScope),
    readOnlyKey: await createKey("instructor", ["catalog:read"]),
    adminKey: await createKey("admin", everyScope),
  };
  const credential = (actor: Actor) =>
    actor === "anonymous" ? undefined : actor in secrets ? secrets[actor as KeyActor] : people[actor as PersonActor].accessToken;
  return {
    server,
    people,
    keyOwner,
    credential,
    graphql: (actor, document, variables) => server.graphql(document, variables, { token: credential(actor) }),
    newAccount: (role) => signUp(server, { role }),
  };
}
