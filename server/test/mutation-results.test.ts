// A mutation is refused before it writes, or answers what it did: a key allowed to run a mutation
// reads what that mutation returns, whatever read scopes it lacks. Every mutation of the
// authorization matrix runs here, selecting all it returns, as every person and with an API key
// of each single scope.
import { randomBytes } from "node:crypto";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  getNamedType,
  isLeafType,
  isNonNullType,
  isObjectType,
  Kind,
  parse,
  print,
  type FieldNode,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from "graphql";
import { databaseId } from "./support/ids.ts";
import { COMPLETE_UPLOAD, putFile, START_UPLOAD, type StartedUpload } from "../src/modules/media/media.fixtures.ts";
import { API_KEY_SCOPES } from "../src/modules/identity/index.ts";
import { buildAccessWorld, moduleAccessRows, PEOPLE, type AccessRow, type AccessWorld, type MatrixActor } from "./support/access-matrix.ts";
import { databaseState } from "./support/database-state.ts";
import { startTestServer, UNTHROTTLED, type TestServer } from "./support/test-server.ts";

let server: TestServer;
/** Per scope, a matrix world whose ownerKey holds that scope alone. */
const worlds = new Map<string, AccessWorld>();
beforeAll(async () => {
  server = await startTestServer({ ...UNTHROTTLED, PASSWORD_RESETS_PER_HOUR: "1000" });
  for (const scope of API_KEY_SCOPES) worlds.set(scope, await buildAccessWorld(server, [scope]));
});
afterAll(() => server.close());

/** Every field without required arguments, objects expanded `depth` levels down. */
function selectionOf(type: GraphQLNamedType, depth: number): string {
  if (!isObjectType(type)) return "";
  const selections = Object.values(type.getFields())
    .filter((field) => field.args.every((arg) => !isNonNullType(arg.type) || arg.defaultValue !== undefined))
    .map((field) => {
      const named = getNamedType(field.type);
      if (isLeafType(named)) return field.name;
      const inner = depth > 0 ? selectionOf(named, depth - 1) : "";
      return inner ? `${field.name} { ${inner} }` : "";
    });
  return selections.filter(Boolean).join(" ");
}

/** The row's operation, selecting everything its root field returns (two levels of objects deep). */
function selectingEverything(schema: GraphQLSchema, document: string): string {
  const ast = parse(document);
  const operation = ast.definitions[0] as OperationDefinitionNode;
  const root = operation.selectionSet.selections[0] as FieldNode;
  const type = getNamedType(schema.getMutationType()!.getFields()[root.name.value].type);
  if (isLeafType(type)) return document;
  const selectionSet = (parse(`{ ${selectionOf(type, 2)} }`).definitions[0] as OperationDefinitionNode).selectionSet;
  const everything: FieldNode = { ...root, selectionSet };
  return print({
    ...ast,
    definitions: [{ ...operation, selectionSet: { kind: Kind.SELECTION_SET, selections: [everything] } }],
  });
}

const REFUSALS = new Set(["UNAUTHENTICATED", "FORBIDDEN"]);
const mutationRows = moduleAccessRows().filter((row) => row.operation.startsWith("Mutation."));

/** Runs the row as an actor: answers what went wrong (nothing when all is well) and whether it was refused. */
async function runRow(row: AccessRow, document: string, world: AccessWorld, actor: MatrixActor): Promise<{ refused: boolean; wrong?: string }> {
  const field = row.operation.split(".")[1];
  const variables = row.variables ? await row.variables(world, actor) : {};
  const before = await databaseState(server);
  const result = await world.graphql(actor, document, variables);
  const refused = (result.errors ?? []).some((error) => REFUSALS.has(error.extensions.code));
  if (!refused && result.status !== 200) return { refused, wrong: `answered HTTP ${result.status} ${JSON.stringify(result.errors)}` };
  if ((result.data?.[field] ?? null) !== null) {
    return { refused, wrong: result.errors ? `answered with errors ${JSON.stringify(result.errors)}` : undefined };
  }
  const after = await databaseState(server);
  const changed = Object.keys(after).filter((table) => after[table] !== before[table]);
  return { refused, wrong: changed.length > 0 ? `answered ${JSON.stringify(result.errors)} yet wrote to ${changed.join(", ")}` : undefined };
}

it.each(mutationRows.map((row) => [row.operation, row] as const))(
  "%s, run by anyone and by a key of any one scope, answers all it returns or writes nothing",
  async (_operation, row) => {
    const document = selectingEverything(server.app.schema, row.document);
    const wrongs: string[] = [];
    const runningScopes: string[] = [];
    const people = worlds.get("catalog:read")!;
    for (const actor of ["anonymous", ...PEOPLE] as const) {
      const { wrong } = await runRow(row, document, people, actor);
      if (wrong) wrongs.push(`${actor}: ${wrong}`);
    }
    for (const [scope, world] of worlds) {
      const { refused, wrong } = await runRow(row, document, world, "ownerKey");
      if (!refused) runningScopes.push(scope);
      if (wrong) wrongs.push(`key with ${scope}: ${wrong}`);
    }
    expect(wrongs).toEqual([]);
    // A key with the one scope the mutation needs runs it; keys never run account management.
    expect(runningScopes.length > 0).toBe(row.verdicts.ownerKey === "allow");
  },
);

describe("a key holding courses:write alone", () => {
  it("reads back the course it created and updated, as stored", async () => {
    const world = worlds.get("courses:write")!;
    const created = await world.graphql(
      "ownerKey",
      `mutation ($input: CreateCourseInput!) { createCourse(input: $input) { id title status instructors { id } sections { id } } }`,
      { input: { title: "Made by a writer key", description: "", priceCents: 0 } },
    );
    expect(created.errors).toBeUndefined();
    expect(created.data!.createCourse).toMatchObject({ title: "Made by a writer key", status: "DRAFT", sections: [] });
    const updated = await world.graphql("ownerKey", `mutation ($id: ID!) { updateCourse(id: $id, input: { title: "Renamed" }) { id title } }`, {
      id: created.data!.createCourse.id,
    });
    expect(updated.errors).toBeUndefined();
    expect(updated.data!.updateCourse).toEqual({ id: created.data!.createCourse.id, title: "Renamed" });
    expect(created.data!.createCourse.instructors).toEqual([{ id: world.cast.owner.id }]);
    const stored = await server.db.course.findUniqueOrThrow({ where: { id: databaseId(created.data!.createCourse.id) } });
    expect(stored.title).toBe("Renamed");
  });

  it("still cannot read the catalog outside a mutation's result, in the same request or the next", async () => {
    const world = worlds.get("courses:write")!;
    const before = await databaseState(server);
    const query = await world.graphql("ownerKey", `query { teachingCourses { nodes { id title } } }`);
    expect(query.errors?.map((error) => error.extensions.code)).toContain("FORBIDDEN");
    expect(query.data?.teachingCourses ?? null).toBeNull();
    expect(await databaseState(server)).toEqual(before);

    const course = await world.graphql("ownerKey", `mutation { createCourse(input: { title: "Then asked", description: "", priceCents: 0 }) { id } }`);
    const id = course.data!.createCourse.id;
    const read = await world.graphql("ownerKey", `query ($id: ID) { course(id: $id) { title } }`, { id });
    expect(read.status).toBe(403);
    expect(read.errors?.[0].extensions.code).toBe("FORBIDDEN");
  });

  // Last in this file: the completed upload's processing writes to the database later on.
  it("uploads a video and reads each step's answer", async () => {
    const world = worlds.get("courses:write")!;
    const asKey = async (document: string, variables: Record<string, unknown>) => {
      const result = await world.graphql("ownerKey", document, variables);
      expect(result.errors).toBeUndefined();
      return Object.values(result.data!)[0] as Record<string, any>;
    };
    const course = await asKey(`mutation { createCourse(input: { title: "Uploaded by a key", description: "", priceCents: 0 }) { id } }`, {});
    const video = await asKey(`mutation ($courseId: ID!) { createVideo(input: { courseId: $courseId, title: "Clip" }) { id title course { title } } }`, {
      courseId: course.id,
    });
    expect(video.course).toEqual({ title: "Uploaded by a key" });
    const bytes = randomBytes(4096);
    const upload = await asKey(START_UPLOAD, { input: { videoId: video.id, fileName: "clip.mp4", contentType: "video/mp4", sizeBytes: bytes.length } });
    expect(upload).toMatchObject({ status: "PENDING", video: { id: video.id } });
    const file = path.join(await mkdtemp(path.join(tmpdir(), "key-upload-")), "clip.mp4");
    await writeFile(file, bytes);
    const parts = await putFile(server, upload as StartedUpload, file, "video/mp4");
    const completed = await asKey(COMPLETE_UPLOAD, { uploadId: upload.id, parts });
    expect(completed).toMatchObject({ id: upload.id, video: { id: video.id } });
    expect((await server.db.videoUpload.findUniqueOrThrow({ where: { id: databaseId(upload.id) } })).status).toBe(completed.status);
  });
});
