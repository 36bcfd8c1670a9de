// Webhook endpoints through the public API: who may manage which endpoint (instructors for the
// courses they teach, admins for all, nobody else's), bad input refused as BAD_USER_INPUT naming
// the field, every refusal writing nothing; the secret shown once and stored so it is not readable.
import { databaseState } from "../../../test/support/database-state.ts";
import { expectError } from "../../../test/support/errors.ts";
import { databaseId } from "../../../test/support/ids.ts";
import { startTestServer, UNTHROTTLED, type TestServer } from "../../../test/support/test-server.ts";
import { addCoInstructor, createCourse } from "../catalog/catalog.fixtures.ts";
import { createApiKey, signUp, signUpCast, type Cast } from "../identity/identity.fixtures.ts";
import { courseToLearn } from "../learning/learning.fixtures.ts";
import {
  CREATE_ENDPOINT,
  createEndpoint,
  DELETE_ENDPOINT,
  ENDPOINT,
  ENDPOINTS,
  ROTATE_SECRET,
  startReceiver,
  UPDATE_ENDPOINT,
  type Receiver,
} from "./integrations.fixtures.ts";
import { MAX_ENDPOINTS_PER_OWNER } from "./webhook-endpoint.service.ts";
import { decryptSecret } from "./webhook-secrets.ts";

let server: TestServer;
let cast: Cast;
let receiver: Receiver;
beforeAll(async () => {
  server = await startTestServer(UNTHROTTLED);
  cast = await signUpCast(server);
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver.close();
  await server.close();
});

const input = (extra: Record<string, unknown> = {}) => ({ url: receiver.url, eventTypes: ["enrollment.created"], ...extra });

describe("who may manage which endpoint", () => {
  it("lets an instructor make one for a course they teach (a co-instructor too) or for all of theirs, and shows the secret once", async () => {
    const course = await createCourse(server, cast.owner.accessToken);
    await addCoInstructor(server, cast.owner.accessToken, course.id, cast.coInstructor.id);
    const created = await server.graphql(CREATE_ENDPOINT, { input: input({ courseId: course.id, description: " CRM sync " }) }, { token: cast.owner.accessToken });
    expect(created.errors).toBeUndefined();
    const { endpoint, secret } = created.data!.createWebhookEndpoint;
    expect(endpoint).toMatchObject({ url: receiver.url, description: "CRM sync", eventTypes: ["enrollment.created"], enabled: true, course: { id: course.id } });
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    // Stored encrypted, and the key opens it again (the delivery job signs with it).
    const row = await server.db.webhookEndpoint.findUniqueOrThrow({ where: { id: databaseId(endpoint.id) } });
    expect(row.encryptedSecret).not.toContain(secret.slice(6));
    expect(await decryptSecret(server.app.platform.config, row.encryptedSecret)).toBe(secret);
    // No read shows it again.
    expect(JSON.stringify((await server.graphql(ENDPOINT, { id: endpoint.id }, { token: cast.owner.accessToken })).data)).not.toContain(secret.slice(6));

    await createEndpoint(server, cast.coInstructor.accessToken, input({ courseId: course.id }));
    const all = await server.graphql(CREATE_ENDPOINT, { input: input() }, { token: cast.owner.accessToken });
    expect(all.data!.createWebhookEndpoint.endpoint.course).toBeNull();
  });

  it("refuses a student, a key without webhooks:manage, and an instructor for a course they do not teach, writing nothing", async () => {
    const { courseId } = await courseToLearn(server, cast.owner.accessToken, [10]);
    const draft = await createCourse(server, cast.owner.accessToken);
    const keyWithoutScope = await createApiKey(server, cast.owner, ["courses:write", "catalog:read"]);
    const before = await databaseState(server);
    expectError(await server.graphql(CREATE_ENDPOINT, { input: input() }, { token: cast.student.accessToken }), "FORBIDDEN");
    expectError(await server.graphql(CREATE_ENDPOINT, { input: input() }, { token: keyWithoutScope }), "FORBIDDEN");
    expectError(await server.graphql(CREATE_ENDPOINT, { input: input() }), "UNAUTHENTICATED");
    // A published course they can see but do not teach: FORBIDDEN; a draft they cannot see: NOT_FOUND.
    expectError(await server.graphql(CREATE_ENDPOINT, { input: input({ courseId }) }, { token: cast.otherInstructor.accessToken }), "FORBIDDEN", "NOT_COURSE_INSTRUCTOR");
    expectError(await server.graphql(CREATE_ENDPOINT, { input: input({ courseId: draft.id }) }, { token: cast.otherInstructor.accessToken }), "NOT_FOUND");
    expect(await databaseState(server)).toEqual(before);
  });

  it("lets the owner and admins (through keys too) read, change, rotate and delete an endpoint; others are told it does not exist", async () => {
    const { id } = await createEndpoint(server, cast.owner.accessToken, input());
    const before = await databaseState(server);
    for (const token of [cast.otherInstructor.accessToken, cast.coInstructor.accessToken]) {
      expect((await server.graphql(ENDPOINT, { id }, { token })).data!.webhookEndpoint).toBeNull();
      expectError(await server.graphql(UPDATE_ENDPOINT, { input: { id, enabled: false } }, { token }), "NOT_FOUND");
      expectError(await server.graphql(ROTATE_SECRET, { id }, { token }), "NOT_FOUND");
      expectError(await server.graphql(DELETE_ENDPOINT, { id }, { token }), "NOT_FOUND");
      expect((await server.graphql(ENDPOINTS, {}, { token })).data!.webhookEndpoints.nodes).not.toContainEqual({ id });
    }
    expectError(await server.graphql(UPDATE_ENDPOINT, { input: { id, enabled: false } }, { token: cast.student.accessToken }), "FORBIDDEN");
    expect(await databaseState(server)).toEqual(before);

    expect((await server.graphql(ENDPOINTS, {}, { token: cast.owner.accessToken })).data!.webhookEndpoints.nodes).toContainEqual({ id });
    expect((await server.graphql(ENDPOINTS, {}, { token: cast.admin.accessToken })).data!.webhookEndpoints.nodes).toContainEqual({ id });
    const disabled = await server.graphql(UPDATE_ENDPOINT, { input: { id, enabled: false, eventTypes: ["video.ready", "course.published"] } }, { token: cast.keys.adminKey });
    expect(disabled.data!.updateWebhookEndpoint).toMatchObject({ enabled: false, eventTypes: ["video.ready", "course.published"] });
    const rotated = await server.graphql(ROTATE_SECRET, { id }, { token: cast.keys.ownerKey });
    const row = await server.db.webhookEndpoint.findUniqueOrThrow({ where: { id: databaseId(id) } });
    expect(await decryptSecret(server.app.platform.config, row.encryptedSecret)).toBe(rotated.data!.rotateWebhookEndpointSecret.secret);
    expect((await server.graphql(DELETE_ENDPOINT, { id }, { token: cast.owner.accessToken })).data!.deleteWebhookEndpoint).toBe(true);
    expect(await server.db.webhookEndpoint.count({ where: { id: databaseId(id) } })).toBe(0);
  });
});

describe("bad input", () => {
  it("is BAD_USER_INPUT naming the field, never a 500, and writes nothing", async () => {
    const { id } = await createEndpoint(server, cast.owner.accessToken, input());
    const before = await databaseState(server);
    const cases: [Record<string, unknown>, string][] = [
      [input({ url: "not a url" }), "url"],
      [input({ url: "ftp://127.0.0.1/hooks" }), "url"],
      [input({ url: "http://user:pw@127.0.0.1/hooks" }), "url"],
      [input({ url: `https://example.com/${"a".repeat(2100)}` }), "url"],
      [input({ eventTypes: [] }), "eventTypes"],
      [input({ eventTypes: ["enrollment.created", "enrollment.deleted"] }), "eventTypes"],
      [input({ description: "a\u0000b" }), "description"],
      [input({ url: `${receiver.url}\u0007` }), "url"],
      [input({ description: "x".repeat(201) }), "description"],
      [input({ courseId: "not-an-id" }), "courseId"],
    ];
    for (const [given, field] of cases) {
      const result = await server.graphql(CREATE_ENDPOINT, { input: given }, { token: cast.owner.accessToken });
      expectError(result, "BAD_USER_INPUT");
      expect(Object.keys(result.errors![0].extensions.fields ?? {})).toContain(field);
    }
    const update = await server.graphql(UPDATE_ENDPOINT, { input: { id, eventTypes: ["nope"] } }, { token: cast.owner.accessToken });
    expectError(update, "BAD_USER_INPUT");
    expect(await databaseState(server)).toEqual(before);
  });

  it(`refuses a person's endpoint beyond the ${MAX_ENDPOINTS_PER_OWNER}th, even asked for at once`, async () => {
    const instructor = await signUp(server, { role: "INSTRUCTOR" });
    const results = await Promise.all(
      Array.from({ length: MAX_ENDPOINTS_PER_OWNER + 3 }, () => server.graphql(CREATE_ENDPOINT, { input: input() }, { token: instructor.accessToken })),
    );
    const refused = results.filter((result) => result.errors);
    expect(refused).toHaveLength(3);
    for (const result of refused) expectError(result, "BAD_USER_INPUT", "WEBHOOK_ENDPOINT_LIMIT_REACHED");
    expect(await server.db.webhookEndpoint.count({ where: { ownerId: databaseId(instructor.id) } })).toBe(MAX_ENDPOINTS_PER_OWNER);
  });
});
