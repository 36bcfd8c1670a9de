// The authorization matrix: who may call each root operation. Modules declare their rows in
// src/modules/<module>/<module>.access.ts (export const accessRows: AccessRow[]);
// test/authorization.test.ts finds and runs them all against a real server.
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { signUp, signUpCast, tokenOf, type Actor, type Cast, type KeyName, type Person, type TestAccount } from "../../src/modules/identity/identity.fixtures.ts";
import type { GraphQLResponse, TestServer } from "./test-server.ts";

/** The cast's actors the matrix runs every operation as. */
export const ACTORS = [
  "anonymous",
  "student",
  "owner",
  "otherInstructor",
  "admin",
  /** The owner's API key with every scope. */
  "ownerKey",
  /** The owner's API key with only catalog:read. */
  "readOnlyKey",
  /** The admin's API key with every scope. */
  "adminKey",
] as const satisfies readonly Actor[];
export type MatrixActor = (typeof ACTORS)[number];

/**
 * allow: no UNAUTHENTICATED/FORBIDDEN error (other errors, such as BAD_USER_INPUT, are fine).
 * deny: refused with UNAUTHENTICATED (anonymous) or FORBIDDEN, and HTTP 401/403.
 * hide: answered as if the thing did not exist: null or NOT_FOUND (ownership checks).
 */
export type Verdict = "allow" | "deny" | "hide";

export interface AccessWorld {
  server: TestServer;
  cast: Cast;
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
  variables?: (world: AccessWorld, actor: MatrixActor) => Promise<Record<string, unknown>> | Record<string, unknown>;
  verdicts: Record<MatrixActor, Verdict>;
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
export function allowOnly(...allowed: MatrixActor[]): Record<MatrixActor, Verdict> {
  return Object.fromEntries(ACTORS.map((actor) => [actor, allowed.includes(actor) ? "allow" : "deny"])) as Record<MatrixActor, Verdict>;
}

/** The `teaches` rule's verdicts: instructors and admins, in person or through a key with courses:write. */
export const TEACHES = allowOnly("owner", "otherInstructor", "admin", "ownerKey", "adminKey");

/** The matrix's people and keys. */
export const PEOPLE = ["student", "owner", "otherInstructor", "admin"] as const satisfies readonly Person[];
export const KEYS = ["ownerKey", "readOnlyKey", "adminKey"] as const satisfies readonly KeyName[];

/** The cast on `server`, its owner's key holding `ownerKeyScopes` (every scope unless told). */
export async function buildAccessWorld(server: TestServer, ownerKeyScopes?: readonly string[]): Promise<AccessWorld> {
  const cast = await signUpCast(server, { ownerKeyScopes });
  return {
    server,
    cast,
    graphql: (actor, document, variables) => server.graphql(document, variables, { token: tokenOf(cast, actor) }),
    newAccount: (role) => signUp(server, { role }),
  };
}

/** Arranges once per matrix world (each run has its cast), for the rows that share what it makes. */
export function perWorld<T>(arrange: (world: AccessWorld) => Promise<T>): (world: AccessWorld) => Promise<T> {
  const arranged = new WeakMap<AccessWorld, Promise<T>>();
  return (world) => {
    let made = arranged.get(world);
    if (!made) arranged.set(world, (made = arrange(world)));
    return made;
  };
}
