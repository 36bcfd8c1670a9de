// Deny by default, checked two ways:
// 1. a walk over the served schema fails when a root field or object type has no explicit rule;
// 2. the authorization matrix calls every root operation as every actor and checks the verdict.
//
// To add rows for a module, export `accessRows: AccessRow[]` from
// src/modules/<module>/<module>.access.ts (see test/support/access-matrix.ts and the identity
// module's file): one row per root operation, with a document, fresh variables per call when the
// operation changes state, and a verdict ("allow", "deny" or "hide") for every actor. This test
// finds the file by itself, and fails when an operation of the schema has no row.
import { isObjectType, type GraphQLSchema } from "graphql";
import { modules } from "../src/modules/index.ts";
import { schemaRules } from "../src/platform/schema.ts";
import { ACTORS, buildAccessWorld, moduleAccessRows, type AccessRow, type AccessWorld, type MatrixActor, type Verdict } from "./support/access-matrix.ts";
import { signUp } from "../src/modules/identity/identity.fixtures.ts";
import { databaseState } from "./support/database-state.ts";
import { startTestServer, type GraphQLResponse, type TestServer } from "./support/test-server.ts";

function rootOperations(schema: GraphQLSchema): string[] {
  return [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].flatMap((type) =>
    type ? Object.keys(type.getFields()).map((field) => `${type.name}.${field}`) : [],
  );
}

const isFieldMap = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !("resolve" in value);

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ AUTH_IP_LIMIT_PER_MINUTE: "10000", API_REQUESTS_PER_MINUTE: "10000" });
});
afterAll(() => server.close());

describe("schema walk", () => {
  it("gives every root field and every object type an explicit rule", () => {
    const rules = schemaRules(server.app.schema, modules);
    const unruled: string[] = [];
    for (const type of Object.values(server.app.schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith("__")) continue;
      const rule = rules[type.name];
      const isRoot = rootOperations(server.app.schema).some((operation) => operation.startsWith(`${type.name}.`));
      if (rule === undefined) {
        unruled.push(type.name);
      } else if (isFieldMap(rule)) {
        // `*`: the type's owner's rule for the fields other modules gave no rule of their own.
        for (const field of Object.keys(type.getFields())) if (!(field in rule) && !("*" in rule)) unruled.push(`${type.name}.${field}`);
      } else if (isRoot) {
        unruled.push(`${type.name} (a root type needs a rule per field)`);
      }
    }
    expect(unruled).toEqual([]);
  });
});

describe("authorization matrix", () => {
  const rows = moduleAccessRows();
  let world: AccessWorld;
  beforeAll(async () => {
    world = await buildAccessWorld(server);
  });

  it("has a row for every root operation of the schema, and none for operations that do not exist", () => {
    const operations = rootOperations(server.app.schema).sort();
    expect(rows.map((row) => row.operation).sort()).toEqual(operations);
  });

  const REFUSALS = new Set(["UNAUTHENTICATED", "FORBIDDEN"]);

  function verdictOf(row: AccessRow, result: GraphQLResponse): Verdict | string {
    const field = row.operation.split(".")[1];
    const errors = (result.errors ?? []).filter((error) => !error.path || error.path[0] === field);
    const internal = errors.find((error) => error.extensions.code === "INTERNAL_SERVER_ERROR");
    if (internal) return `INTERNAL_SERVER_ERROR: ${internal.message}`;
    if (errors.some((error) => REFUSALS.has(error.extensions.code))) return "deny";
    if (errors.some((error) => error.extensions.code === "NOT_FOUND") || result.data?.[field] === null) return "hide";
    return "allow";
  }

  const cases = rows.flatMap((row) => ACTORS.map((actor) => [row.operation, actor, row] as [string, MatrixActor, AccessRow]));
  it.each(cases)("%s as %s", async (_operation, actor, row) => {
    const variables = row.variables ? await row.variables(world, actor) : {};
    const before = row.operation.startsWith("Mutation.") ? await databaseState(server) : undefined;
    const result = await world.graphql(actor, row.document, variables);
    const expected = row.verdicts[actor];
    // `me` and `myInstructorApplication` answer null for "nothing to show": an allowed answer.
    const verdict = verdictOf(row, result);
    expect(verdict === "hide" && expected === "allow" ? "allow" : verdict).toBe(expected);
    if (expected === "deny") expect(result.status).toBe(actor === "anonymous" ? 401 : 403);
    // A mutation is refused before it writes, or answers what it did.
    if (before && (result.data?.[row.operation.split(".")[1]] ?? null) === null) expect(await databaseState(server)).toEqual(before);
  });
});

describe("HTTP status of refusals", () => {
  const USERS = `query { users { totalCount } }`;

  it("answers 401 to an operation refused as a whole for lack of credentials", async () => {
    const result = await server.graphql(USERS);
    expect(result.status).toBe(401);
    expect(result.errors?.[0].extensions.code).toBe("UNAUTHENTICATED");
  });

  it("answers 403 to an operation refused as a whole for the wrong role", async () => {
    const student = await signUp(server);
    const result = await server.graphql(USERS, {}, { token: student.accessToken });
    expect(result.status).toBe(403);
    expect(result.errors?.[0].extensions.code).toBe("FORBIDDEN");
    expect(result.data).toBeNull();
  });

  it("answers a partly refused operation with its allowed data and an error on the refused field", async () => {
    const owner = await signUp(server);
    const created = await server.graphql(`mutation { createApiKey(name: "partial", scopes: ["catalog:read"]) { secret } }`, {}, {
      token: owner.accessToken,
    });
    // A nullable field, so the refusal does not null its parent (a non-null one nulls all of `data`).
    const result = await server.graphql(`query { me { id } myInstructorApplication { id } }`, {}, {
      token: created.data!.createApiKey.secret,
    });
    expect(result.status).toBe(200);
    expect(result.data).toEqual({ me: { id: owner.id }, myInstructorApplication: null });
    expect(result.errors).toEqual([expect.objectContaining({ path: ["myInstructorApplication"], extensions: { code: "FORBIDDEN" } })]);
  });

  it("refuses the whole request with 401 for a forged token, whatever it asks", async () => {
    const result = await server.graphql(`query { me { id } }`, {}, { token: "forged.jwt.token" });
    expect(result.status).toBe(401);
    expect(result.errors?.[0].extensions.code).toBe("UNAUTHENTICATED");
  });
});
