// Support views through the public API: an admin sees the site as an account, read-only, over HTTP
// and WebSocket alike, until the view is ended, expires, or its admin signs out or stops being one;
// the account's owner reads every view in their support log.
import type { Client } from "graphql-ws";
import { buildAccessWorld, moduleAccessRows, type AccessWorld } from "../../../test/support/access-matrix.ts";
import { databaseId } from "../../../test/support/ids.ts";
import { startTestServer, type TestServer, UNTHROTTLED } from "../../../test/support/test-server.ts";
import { waitUntil } from "../../../test/support/wait.ts";
import { signUp, type TestAccount } from "./identity.fixtures.ts";

let server: TestServer;
let world: AccessWorld;
beforeAll(async () => {
  server = await startTestServer(UNTHROTTLED);
  world = await buildAccessWorld(server);
});
afterAll(() => server.close());

const START = `mutation ($input: StartSupportViewInput!) {
  startSupportView(input: $input) { accessToken accessTokenExpiresAt supportView { id reason active expiresAt user { id } admin { id } } }
}`;
const END = `mutation ($id: ID!) { endSupportView(id: $id) { id endedAt active } }`;
const ME = `query { me { id email role profile { displayName bio } } }`;
const UPDATE_PROFILE = `mutation ($bio: String!) { updateProfile(input: { bio: $bio }) { id } }`;
const LOG = `query { mySupportViews(first: 10) { totalCount nodes { id reason startedAt endedAt active admin { profile { displayName } email } } } }`;
const REASON = "The learner wrote that the course page shows no lessons.";

async function startView(admin: TestAccount, user: TestAccount, reason = REASON) {
  const started = await server.graphql(START, { input: { userId: user.id, reason } }, { token: admin.accessToken });
  if (!started.data) throw new Error(`startSupportView failed: ${JSON.stringify(started.errors)}`);
  return started.data.startSupportView as { accessToken: string; supportView: { id: string; expiresAt: string } };
}

const viewRows = (userId: string) => server.db.supportView.count({ where: { userId: databaseId(userId) } });

/** Runs one operation over the client's socket. */
function runOver(client: Client, query: string, variables: Record<string, unknown> = {}) {
  return new Promise<{ data?: Record<string, any> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] }>((resolve) => {
    let outcome = {};
    client.subscribe(
      { query, variables },
      {
        next: (result) => void (outcome = result),
        error: (error) => resolve(Array.isArray(error) ? { errors: error } : { errors: [{ message: `closed ${(error as { code: number }).code}` }] }),
        complete: () => resolve(outcome),
      },
    );
  });
}

describe("startSupportView", () => {
  it("shows the site as the account: its own answers, its role, none of the admin's rights", async () => {
    const user = await signUp(server, { displayName: "Sam Learner" });
    const view = await startView(world.cast.admin, user);
    const seen = await server.graphql(ME, {}, { token: view.accessToken });
    expect(seen.data!.me).toEqual({ id: user.id, email: user.email, role: "STUDENT", profile: { displayName: "Sam Learner", bio: null } });
    const adminOnly = await server.graphql(`query { users(first: 1) { totalCount } }`, {}, { token: view.accessToken });
    expect(adminOnly.errors?.[0].extensions).toMatchObject({ code: "FORBIDDEN" });
  });

  it("lasts at most 30 minutes, and its token no longer than the view", async () => {
    const user = await signUp(server);
    const started = await server.graphql(START, { input: { userId: user.id, reason: REASON } }, { token: world.cast.admin.accessToken });
    const { accessTokenExpiresAt, supportView } = started.data!.startSupportView;
    const minutes = (Date.parse(supportView.expiresAt) - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(25);
    expect(minutes).toBeLessThanOrEqual(30);
    expect(Date.parse(accessTokenExpiresAt)).toBeLessThanOrEqual(Date.parse(supportView.expiresAt));
    expect(supportView).toMatchObject({ reason: REASON, active: true, user: { id: user.id }, admin: { id: world.cast.admin.id } });
  });

  it.each([
    ["a blank reason", (user: TestAccount) => ({ userId: user.id, reason: "   " }), "reason"],
    ["a reason over 500 characters", (user: TestAccount) => ({ userId: user.id, reason: "x".repeat(501) }), "reason"],
    ["a reason with control characters", (user: TestAccount) => ({ userId: user.id, reason: "look\u0007here" }), "reason"],
    ["the admin's own account", () => ({ userId: world.cast.admin.id, reason: REASON }), "userId"],
    ["an id of another type", () => ({ userId: "Q291cnNlOjE", reason: REASON }), "userId"],
  ])("refuses %s with BAD_USER_INPUT naming it, and records nothing", async (_case, input, field) => {
    const user = await signUp(server);
    const before = await server.db.supportView.count();
    const refused = await server.graphql(START, { input: input(user) }, { token: world.cast.admin.accessToken });
    expect(refused.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", fields: { [field]: expect.any(String) } });
    expect(await server.db.supportView.count()).toBe(before);
  });

  it("is refused to instructors and students, and to an admin's API key, with nothing recorded", async () => {
    const user = await signUp(server);
    for (const token of [world.cast.owner.accessToken, world.cast.student.accessToken, world.cast.keys.adminKey]) {
      const refused = await server.graphql(START, { input: { userId: user.id, reason: REASON } }, { token });
      expect(refused.errors?.[0].extensions).toMatchObject({ code: "FORBIDDEN" });
    }
    expect(await viewRows(user.id)).toBe(0);
  });
});

describe("inside a support view", () => {
  // Every mutation of the authorization matrix, made as the admin would make it: refused, whatever it is.
  const mutations = moduleAccessRows().filter((row) => row.operation.startsWith("Mutation.") && row.operation !== "Mutation.endSupportView");

  it("refuses every mutation but ending the view with FORBIDDEN SUPPORT_VIEW_READ_ONLY", async () => {
    expect(mutations.length).toBeGreaterThan(50);
    const view = await startView(world.cast.admin, world.cast.student);
    const refusedWith = new Map<string, unknown>();
    for (const row of mutations) {
      const variables = (await row.variables?.(world, "admin")) ?? {};
      const result = await server.graphql(row.document, variables, { token: view.accessToken });
      refusedWith.set(row.operation, result.errors?.[0]?.extensions?.reason);
    }
    expect(Object.fromEntries(refusedWith)).toEqual(Object.fromEntries(mutations.map((row) => [row.operation, "SUPPORT_VIEW_READ_ONLY"])));
  });

  it("changes nothing: the account's profile stays as it was, over HTTP and over WebSocket", async () => {
    const user = await signUp(server);
    const view = await startView(world.cast.admin, user);
    const overHttp = await server.graphql(UPDATE_PROFILE, { bio: "Written by the admin" }, { token: view.accessToken });
    expect(overHttp.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/read-only support view/),
      extensions: { code: "FORBIDDEN", reason: "SUPPORT_VIEW_READ_ONLY" },
    });
    const client = server.subscriptionClient(view.accessToken);
    const overSocket = await runOver(client, UPDATE_PROFILE, { bio: "Written over the socket" });
    expect(overSocket.errors?.[0].extensions).toMatchObject({ code: "FORBIDDEN", reason: "SUPPORT_VIEW_READ_ONLY" });
    expect((await runOver(client, ME)).data!.me.id).toBe(user.id);
    await client.dispose();
    expect((await server.db.profile.findUniqueOrThrow({ where: { userId: databaseId(user.id) } })).bio).toBeNull();
  });

  it("spends the admin's request budget, not the account's", async () => {
    const throttled = await startTestServer({ ...UNTHROTTLED, API_REQUESTS_PER_MINUTE: "5" });
    try {
      const [admin, user] = await Promise.all([signUp(throttled, { role: "ADMIN" }), signUp(throttled)]);
      const started = await throttled.graphql(START, { input: { userId: user.id, reason: REASON } }, { token: admin.accessToken });
      const token = started.data!.startSupportView.accessToken as string;
      for (let i = 0; i < 4; i += 1) await throttled.graphql(ME, {}, { token });
      expect((await throttled.graphql(ME, {}, { token })).errors?.[0].extensions?.code).toBe("RATE_LIMITED");
      expect((await throttled.graphql(ME, {}, { token: user.accessToken })).data!.me.id).toBe(user.id);
    } finally {
      await throttled.close();
    }
  });
});

describe("the end of a support view", () => {
  it.each([
    ["ended from inside", async (view: { accessToken: string; supportView: { id: string } }) => {
      const ended = await server.graphql(END, { id: view.supportView.id }, { token: view.accessToken });
      expect(ended.data!.endSupportView).toMatchObject({ active: false, endedAt: expect.any(String) });
    }],
    ["ended by its admin", async (view: { supportView: { id: string } }, admin: TestAccount) => {
      expect((await server.graphql(END, { id: view.supportView.id }, { token: admin.accessToken })).errors).toBeUndefined();
    }],
    ["its admin signed out", async (_view: unknown, admin: TestAccount) => {
      expect((await server.graphql(`mutation { signOut }`, {}, { token: admin.accessToken })).errors).toBeUndefined();
    }],
    ["its admin no longer one", async (_view: unknown, admin: TestAccount) => {
      await server.graphql(`mutation ($id: ID!) { setUserRole(userId: $id, role: STUDENT) { id } }`, { id: admin.id }, { token: world.cast.admin.accessToken });
    }],
    ["expired", async (view: { supportView: { id: string } }) => {
      await server.db.supportView.update({ where: { id: databaseId(view.supportView.id) }, data: { expiresAt: new Date(Date.now() - 1000) } });
    }],
  ])("when %s, refuses the token with 401 over HTTP and closes its socket with 4401", async (_case, end) => {
    const [admin, user] = await Promise.all([signUp(server, { role: "ADMIN" }), signUp(server)]);
    const view = await startView(admin, user);
    const client = server.subscriptionClient(view.accessToken);
    const closes: number[] = [];
    client.on("closed", (event) => void closes.push((event as { code: number }).code));
    // A running subscription keeps the socket open (an idle client closes it), as a page would.
    client.subscribe({ query: `subscription { myProgressUpdated { percent } }` }, { next: () => {}, error: () => {}, complete: () => {} });
    expect((await runOver(client, ME)).data!.me.id).toBe(user.id);

    await end(view, admin);

    const response = await fetch(`${server.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${view.accessToken}` },
      body: JSON.stringify({ query: ME }),
    });
    expect(response.status).toBe(401);
    const refusal = (await response.json()) as { errors: unknown[] };
    expect(refusal.errors[0]).toMatchObject({ message: "The support view has ended.", extensions: { code: "UNAUTHENTICATED" } });
    expect((await runOver(client, ME)).errors?.[0].extensions).toMatchObject({ code: "UNAUTHENTICATED" });
    await waitUntil("the socket to close", () => closes.length > 0);
    expect(closes).toEqual([4401]);
    await client.dispose();
  });

  it("may not be ended by another admin, who learns nothing of it", async () => {
    const user = await signUp(server);
    const view = await startView(world.cast.admin, user);
    const other = await signUp(server, { role: "ADMIN" });
    const refused = await server.graphql(END, { id: view.supportView.id }, { token: other.accessToken });
    expect(refused.errors?.[0].extensions).toMatchObject({ code: "NOT_FOUND" });
    expect((await server.db.supportView.findUniqueOrThrow({ where: { id: databaseId(view.supportView.id) } })).endedAt).toBeNull();
  });
});

describe("mySupportViews", () => {
  it("shows the account's owner each view, newest first, with its admin's name and reason, and no one else's", async () => {
    const user = await signUp(server);
    const first = await startView(world.cast.admin, user, "First look at the lessons.");
    await server.graphql(END, { id: first.supportView.id }, { token: world.cast.admin.accessToken });
    const second = await startView(world.cast.admin, user, "Second look, at the certificate.");
    const log = await server.graphql(LOG, {}, { token: user.accessToken });
    expect(log.data!.mySupportViews).toEqual({
      totalCount: 2,
      nodes: [
        { id: second.supportView.id, reason: "Second look, at the certificate.", startedAt: expect.any(String), endedAt: null, active: true, admin: { profile: { displayName: "Admin" }, email: null } },
        { id: first.supportView.id, reason: "First look at the lessons.", startedAt: expect.any(String), endedAt: expect.any(String), active: false, admin: { profile: { displayName: "Admin" }, email: null } },
      ],
    });
    const someoneElse = await server.graphql(LOG, {}, { token: world.cast.student.accessToken });
    expect(someoneElse.data!.mySupportViews.nodes.map((node: { id: string }) => node.id)).not.toContain(first.supportView.id);
    const byNode = await server.graphql(`query ($id: ID!) { node(id: $id) { id } }`, { id: first.supportView.id }, { token: world.cast.student.accessToken });
    expect(byNode.data).toEqual({ node: null });
  });
});
