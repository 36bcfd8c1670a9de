// A per-request rule (it reads only the viewer) is decided once per request, and its fields then
// skip the shield's wrapper: a refusal must still refuse every field it guards, and one
// request's verdict must never carry over to another's.
import { createCourse } from "../src/modules/catalog/catalog.fixtures.ts";
import { signUp, type TestAccount } from "../src/modules/identity/identity.fixtures.ts";
import { startTestServer, type TestServer } from "./support/test-server.ts";

const TEACHING = /* GraphQL */ `query { teachingCourses { nodes { id title sections { id } } } }`;

let server: TestServer;
let instructor: TestAccount;
let courseId: string;

async function apiKey(scopes: string[]): Promise<string> {
  const result = await server.graphql(`mutation ($scopes: [String!]!) { createApiKey(name: "k", scopes: $scopes) { secret } }`, { scopes }, {
    token: instructor.accessToken,
  });
  return result.data!.createApiKey.secret;
}

beforeAll(async () => {
  server = await startTestServer();
  instructor = await signUp(server, { role: "INSTRUCTOR" });
  courseId = (await createCourse(server, instructor.accessToken, { title: "Guarded course" })).id;
});
afterAll(() => server.close());

it("answers a type's fields once its per-request rule allows the request", async () => {
  const result = await server.graphql(TEACHING, {}, { token: await apiKey(["courses:write", "catalog:read"]) });
  expect(result.errors).toBeUndefined();
  expect(result.data!.teachingCourses.nodes).toEqual([{ id: courseId, title: "Guarded course", sections: [] }]);
});

it("refuses every field of a type whose per-request rule refuses, even when allowed requests ran before", async () => {
  const allowed = await server.graphql(TEACHING, {}, { token: await apiKey(["courses:write", "catalog:read"]) });
  expect(allowed.data!.teachingCourses.nodes).toHaveLength(1);

  // teachingCourses itself needs only courses:write; the Course fields need catalog:read.
  const refused = await server.graphql(TEACHING, {}, { token: await apiKey(["courses:write"]) });
  expect(refused.data?.teachingCourses ?? null).toBeNull();
  expect(refused.errors?.length).toBeGreaterThan(0);
  for (const error of refused.errors!) {
    expect(error.extensions.code).toBe("FORBIDDEN");
    expect(error.message).toContain("catalog:read");
  }
  expect(JSON.stringify(refused.data ?? null)).not.toContain("Guarded course");
});
