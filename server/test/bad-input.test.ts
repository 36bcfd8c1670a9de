// Bad input is refused at the edge with BAD_USER_INPUT naming the field, never a database error:
// control characters in any text argument of any operation (HTTP and WebSocket), forged cursors,
// and no internal text in any answer.
import {
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
} from "graphql";
import type { Client } from "graphql-ws";
import { COURSE, CREATE_COURSE, UPDATE_COURSE } from "../src/modules/catalog/catalog.fixtures.ts";
import { publishedCourse } from "../src/modules/media/media.fixtures.ts";
import { signUp, type TestAccount } from "../src/modules/identity/identity.fixtures.ts";
import { databaseState } from "./support/database-state.ts";
import { startTestServer, UNTHROTTLED, type GraphQLResponse, type TestServer } from "./support/test-server.ts";

let server: TestServer;
let admin: TestAccount;
let instructor: TestAccount;
beforeAll(async () => {
  server = await startTestServer(UNTHROTTLED);
  [admin, instructor] = await Promise.all([signUp(server, { role: "ADMIN" }), signUp(server, { role: "INSTRUCTOR" })]);
});
afterAll(() => server.close());

type Outcome = Pick<GraphQLResponse, "data" | "errors">;

/** Runs one operation over WebSocket and answers its first result or its error. */
function overWebSocket(client: Client, query: string, variables: Record<string, unknown>): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const unsubscribe = client.subscribe(
      { query, variables },
      {
        next: (result) => {
          resolve(result as Outcome);
          unsubscribe();
        },
        error: (error) => (Array.isArray(error) ? resolve({ data: null, errors: error }) : reject(error)),
        complete: () => resolve({ data: null }),
      },
    );
  });
}

const CONTROL_CHARACTERS = "must not contain control characters";
const TAINTED = "tainted\u0000text";

/** A value GraphQL accepts for a type: what the other required arguments of a probe are given. */
function plausible(type: GraphQLInputType): unknown {
  const nullable = getNullableType(type);
  if (isListType(nullable)) return [plausible(nullable.ofType)];
  if (isInputObjectType(nullable)) {
    const fields = Object.values(nullable.getFields()).filter((field) => isNonNullType(field.type));
    return Object.fromEntries(fields.map((field) => [field.name, plausible(field.type)]));
  }
  if (isEnumType(nullable)) return nullable.getValues()[0].name;
  switch (nullable.name) {
    case "Int":
    case "Float":
      return 1;
    case "Boolean":
      return false;
    case "DateTime":
      return new Date().toISOString();
    default:
      return "plausible";
  }
}

/** Paths (below an argument) to every value of the type that is text: String and ID, in input objects and lists. */
function textPaths(type: GraphQLInputType): string[][] {
  const nullable = getNullableType(type);
  if (isListType(nullable)) return textPaths(nullable.ofType);
  if (isInputObjectType(nullable)) {
    return Object.values(nullable.getFields()).flatMap((field) => textPaths(field.type).map((path) => [field.name, ...path]));
  }
  return nullable.name === "String" || nullable.name === "ID" ? [[]] : [];
}

/** A plausible value of the type with `text` at `path`. */
function valueWith(type: GraphQLInputType, path: string[], text: string): unknown {
  const nullable = getNullableType(type);
  if (isListType(nullable)) return [valueWith(nullable.ofType, path, text)];
  if (isInputObjectType(nullable)) {
    const [name, ...rest] = path;
    return { ...(plausible(nullable) as object), [name]: valueWith(nullable.getFields()[name].type, rest, text) };
  }
  return text;
}

interface Probe {
  name: string;
  operation: "query" | "mutation" | "subscription";
  query: string;
  variables: Record<string, unknown>;
  /** The name the refusal must give the field: the innermost input field, else the argument. */
  field: string;
}

/** One probe per text value any root field takes, each with the tainted text there and plausible values elsewhere. */
function probes(): Probe[] {
  const schema = server.app.schema;
  const roots: ["query" | "mutation" | "subscription", GraphQLObjectType | null | undefined][] = [
    ["query", schema.getQueryType()],
    ["mutation", schema.getMutationType()],
    ["subscription", schema.getSubscriptionType()],
  ];
  const found: Probe[] = [];
  for (const [operation, root] of roots) {
    for (const field of Object.values(root?.getFields() ?? {}) as GraphQLField<unknown, unknown>[]) {
      const selection = isLeafType(getNamedType(field.type)) ? "" : "{ __typename }";
      const declarations = field.args.map((arg) => `$${arg.name}: ${String(arg.type)}`).join(", ");
      const uses = field.args.map((arg) => `${arg.name}: $${arg.name}`).join(", ");
      const query = `${operation} Probe(${declarations}) { ${field.name}(${uses}) ${selection} }`;
      for (const target of field.args) {
        for (const path of textPaths(target.type)) {
          const variables: Record<string, unknown> = {};
          for (const arg of field.args) {
            if (arg === target) variables[arg.name] = valueWith(arg.type, path, TAINTED);
            else if (isNonNullType(arg.type)) variables[arg.name] = plausible(arg.type);
          }
          const fieldPath = [target.name, ...path];
          found.push({ name: `${field.name}(${fieldPath.join(".")})`, operation, query, variables, field: fieldPath.at(-1)! });
        }
      }
    }
  }
  return found;
}

describe("control characters in text arguments", () => {
  it("are refused with BAD_USER_INPUT naming the field, for every text argument of every operation, over HTTP and WebSocket", async () => {
    const all = probes();
    // The walk must reach the fields the attack named, nested inputs and lists included.
    for (const name of ["signIn(input.email)", "course(slug)", "courses(filter.tag)", "signUp(input.displayName)", "updateProfile(input.bio)",
      "createApiKey(name)", "createApiKey(scopes)", "users(search)", "createCourse(input.tags)", "completeVideoUpload(parts.etag)", "videoStatusChanged(courseId)"]) {
      expect(all.map((probe) => probe.name)).toContain(name);
    }
    const before = await databaseState(server);
    const unexpected: string[] = [];
    for (const token of [undefined, admin.accessToken]) {
      const client = server.subscriptionClient(token);
      for (const probe of all) {
        const answers: [string, Outcome][] = [];
        if (probe.operation !== "subscription") answers.push(["HTTP", await server.graphql(probe.query, probe.variables, { token })]);
        answers.push(["WebSocket", await overWebSocket(client, probe.query, probe.variables)]);
        for (const [transport, answer] of answers) {
          const refusal = answer.errors?.[0];
          const refusedAsBadInput =
            answer.errors?.length === 1 && refusal?.extensions?.code === "BAD_USER_INPUT" && refusal.extensions.fields?.[probe.field] === CONTROL_CHARACTERS;
          if (!refusedAsBadInput) unexpected.push(`${probe.name} over ${transport} as ${token ? "admin" : "anonymous"}: ${JSON.stringify(answer.errors)}`);
        }
      }
    }
    expect(unexpected).toEqual([]);
    expect(await databaseState(server)).toEqual(before);
  });

  it("are refused in literals as in variables", async () => {
    const literal = `{ course(slug: "a\\u0000b") { id } }`;
    const overHttp = await server.graphql(literal);
    const overWebSocketAnswer = await overWebSocket(server.subscriptionClient(), literal, {});
    for (const answer of [overHttp, overWebSocketAnswer]) {
      expect(answer.errors).toEqual([expect.objectContaining({ extensions: { code: "BAD_USER_INPUT", fields: { slug: CONTROL_CHARACTERS } } })]);
    }
  });

  it("allow tab, newline and CRLF only in multi-line text, and refuse DEL, C1 controls and lone surrogates everywhere", async () => {
    const token = instructor.accessToken;
    const created = await server.graphql(CREATE_COURSE, {
      input: { title: "Multi-line course", description: "First line\r\nSecond line\n\tindented", priceCents: 0 },
    }, { token });
    expect(created.errors).toBeUndefined();
    expect(created.data!.createCourse.description).toBe("First line\r\nSecond line\n\tindented");
    const courseId = created.data!.createCourse.id;

    const before = await databaseState(server);
    const refusals: [Record<string, unknown>, string, string][] = [
      [{ title: "Two\nlines" }, "title", CONTROL_CHARACTERS],
      [{ title: "A\ttab" }, "title", CONTROL_CHARACTERS],
      [{ description: "A lone\rcarriage return" }, "description", CONTROL_CHARACTERS],
      [{ description: "A bell\u0007" }, "description", CONTROL_CHARACTERS],
      [{ subtitle: "Delete\u007f" }, "subtitle", CONTROL_CHARACTERS],
      [{ subtitle: "Next line\u0085" }, "subtitle", CONTROL_CHARACTERS],
      [{ tags: ["fine", "bad\u001btag"] }, "tags", CONTROL_CHARACTERS],
      [{ title: "Half an emoji \ud83d" }, "title", "must be valid Unicode text"],
      [{ description: "Half an emoji \ude00" }, "description", "must be valid Unicode text"],
    ];
    for (const [input, field, message] of refusals) {
      const result = await server.graphql(UPDATE_COURSE, { id: courseId, input }, { token });
      expect(result.errors).toEqual([expect.objectContaining({ extensions: { code: "BAD_USER_INPUT", fields: { [field]: message } } })]);
    }
    expect(await databaseState(server)).toEqual(before);

    const multiline = await server.graphql(
      `mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { profile { bio } } }`,
      { input: { bio: "Teacher.\n\nLikes\ttabs and emoji 😀." } },
      { token },
    );
    expect(multiline.data?.updateProfile.profile.bio).toBe("Teacher.\n\nLikes\ttabs and emoji 😀.");
  });
});

const CATALOG = `query($first: Int, $after: String, $filter: CourseFilter, $orderBy: CourseOrder) {
  courses(first: $first, after: $after, filter: $filter, orderBy: $orderBy) { nodes { id } pageInfo { endCursor } } }`;
const USERS = `query($after: String) { users(first: 1, after: $after) { nodes { id } pageInfo { endCursor } } }`;

const oldStyleCursor = (values: unknown[]) => Buffer.from(JSON.stringify(values)).toString("base64url");

describe("cursors", () => {
  const someId = "01a20e8d-d685-723c-818c-5add1dff0289";
  beforeAll(async () => {
    for (const [title, priceCents] of [["Cursor course one", 0], ["Cursor course two", 500], ["Cursor course three", 900]] as const) {
      await publishedCourse(server, instructor.accessToken, { title, priceCents, description: "Searchable cursor text." });
    }
  });

  function expectBadCursor(result: GraphQLResponse) {
    expect(result.errors).toEqual([expect.objectContaining({ extensions: { code: "BAD_USER_INPUT", fields: { after: "is not a valid cursor" } } })]);
  }

  it.each([
    ["an impossible date", { after: oldStyleCursor(["2024-02-30T00:00:00.000Z", someId]) }],
    ["a PRICE of 2^31", { after: oldStyleCursor([2 ** 31, someId]), orderBy: { field: "PRICE", direction: "ASC" } }],
    ["a POPULARITY of 2^53-1", { after: oldStyleCursor([2 ** 53 - 1, someId]), orderBy: { field: "POPULARITY", direction: "DESC" } }],
    ["a relevance of 1e308", { after: oldStyleCursor([1e308, someId]), filter: { search: "cursor" } }],
    ["random base64", { after: Buffer.from("random bytes that are no cursor").toString("base64url") }],
    ["a title with a NUL", { after: oldStyleCursor(["a\u0000b", someId]), orderBy: { field: "TITLE", direction: "ASC" } }],
  ])("refuses a catalog cursor with %s", async (_name, variables) => {
    expectBadCursor(await server.graphql(CATALOG, { first: 1, ...variables }));
  });

  it("refuses a valid catalog cursor whose values were edited, or used with another ordering", async () => {
    const byPrice = { field: "PRICE", direction: "ASC" };
    const first = await server.graphql(CATALOG, { first: 1, orderBy: byPrice });
    const cursor: string = first.data!.courses.pageInfo.endCursor;
    const next = await server.graphql(CATALOG, { first: 1, after: cursor, orderBy: byPrice });
    expect(next.errors).toBeUndefined();
    expect(next.data!.courses.nodes[0].id).not.toBe(first.data!.courses.nodes[0].id);

    const [, signature] = cursor.split(".");
    expectBadCursor(await server.graphql(CATALOG, { first: 1, after: `${oldStyleCursor([2 ** 31, someId])}.${signature}`, orderBy: byPrice }));
    expectBadCursor(await server.graphql(CATALOG, { first: 1, after: cursor, filter: { search: "cursor" } }));
  });

  it("refuses an admin users(after:) cursor that is not one the list handed out", async () => {
    const token = admin.accessToken;
    expectBadCursor(await server.graphql(USERS, { after: oldStyleCursor(["not-a-uuid"]) }, { token }));
    const catalogCursor = (await server.graphql(CATALOG, { first: 1 })).data!.courses.pageInfo.endCursor;
    expectBadCursor(await server.graphql(USERS, { after: catalogCursor }, { token }));
    const page = await server.graphql(USERS, {}, { token });
    const next = await server.graphql(USERS, { after: page.data!.users.pageInfo.endCursor }, { token });
    expect(next.errors).toBeUndefined();
  });
});

describe("internal errors", () => {
  it("answer a neutral message outside production too, over HTTP and WebSocket", async () => {
    await server.db.$executeRawUnsafe("ALTER TABLE courses RENAME TO courses_gone");
    try {
      const overHttp = await server.graphql(COURSE, { slug: "anything" });
      const overWebSocketAnswer = await overWebSocket(server.subscriptionClient(), COURSE, { slug: "anything" });
      for (const answer of [overHttp, overWebSocketAnswer]) {
        expect(answer.errors).toEqual([expect.objectContaining({ message: "Internal server error.", extensions: { code: "INTERNAL_SERVER_ERROR" } })]);
        expect(JSON.stringify(answer)).not.toMatch(/courses_gone|relation|prisma|P20\d\d|stack/i);
      }
    } finally {
      await server.db.$executeRawUnsafe("ALTER TABLE courses_gone RENAME TO courses");
    }
  });
});
