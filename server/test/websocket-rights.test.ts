// An open graphql-ws socket has the rights its viewer has now, as an HTTP request would: every
// operation reads the credentials and the role again, and a running subscription does for every
// event, ending when the rights are gone. Ended credentials close the socket with 4401.
import type { Client } from "graphql-ws";
import { ABORT_UPLOAD, CREATE_VIDEO, START_UPLOAD } from "../src/modules/media/media.fixtures.ts";
import { createCourse } from "../src/modules/catalog/catalog.fixtures.ts";
import { type Cast, signUp, signUpCast, type TestAccount } from "../src/modules/identity/identity.fixtures.ts";
import { issueAccessToken, verifyAccessToken } from "../src/modules/identity/tokens.ts";
import { startTestServer, type TestServer, UNTHROTTLED } from "./support/test-server.ts";
import { waitUntil } from "./support/wait.ts";

let server: TestServer;
let cast: Cast;
beforeAll(async () => {
  server = await startTestServer(UNTHROTTLED);
  cast = await signUpCast(server);
});
afterAll(() => server.close());
afterEach(() => jest.useRealTimers());

const CREATE = `mutation ($title: String!) { createCourse(input: { title: $title, description: "d", priceCents: 0 }) { id } }`;
const SET_ROLE = `mutation ($userId: ID!, $role: Role!) { setUserRole(userId: $userId, role: $role) { id role } }`;
const SIGN_OUT_EVERYWHERE = `mutation { signOut(everywhere: true) }`;
const CREATE_KEY = `mutation ($scopes: [String!]!) { createApiKey(name: "partner", scopes: $scopes) { secret apiKey { id } } }`;
const REVOKE_KEY = `mutation ($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }`;
const REMOVE_INSTRUCTOR = `mutation ($courseId: ID!, $userId: ID!) { removeCourseInstructor(courseId: $courseId, userId: $userId) { id } }`;
const WATCH = `subscription ($courseId: ID!) { videoStatusChanged(courseId: $courseId) { id status } }`;

interface SocketOutcome {
  data?: Record<string, any> | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** Runs one query or mutation over the client's socket. */
function runOver(client: Client, query: string, variables: Record<string, unknown>): Promise<SocketOutcome> {
  return new Promise((resolve) => {
    let outcome: SocketOutcome = {};
    client.subscribe(
      { query, variables },
      {
        next: (result) => void (outcome = result as SocketOutcome),
        error: (error) => resolve(Array.isArray(error) ? { errors: error } : { errors: [{ message: `closed ${(error as { code: number }).code}` }] }),
        complete: () => resolve(outcome),
      },
    );
  });
}

/**
 * One socket held open by a running subscription to a course of the account's (a client closes an
 * idle socket, and a new one would be authenticated anew), and the codes it was closed with.
 */
async function openSocket(token: string, owner: TestAccount) {
  const course = await createCourse(server, owner.accessToken);
  const client = server.subscriptionClient(token);
  const socket = { client, connections: 0, closes: [] as number[] };
  client.on("connected", () => void (socket.connections += 1));
  client.on("closed", (event) => void socket.closes.push((event as { code: number }).code));
  client.subscribe({ query: WATCH, variables: { courseId: course.id } }, { next: () => {}, error: () => {}, complete: () => {} });
  return socket;
}

async function succeeds(request: Promise<{ data?: unknown; errors?: unknown }>) {
  const result = await request;
  if (!result.data || result.errors) throw new Error(`arrangement failed: ${JSON.stringify(result.errors)}`);
  return result.data as Record<string, any>;
}

async function apiKey(owner: TestAccount, scopes: string[]) {
  const data = await succeeds(server.graphql(CREATE_KEY, { scopes }, { token: owner.accessToken }));
  return { secret: data.createApiKey.secret as string, id: data.createApiKey.apiKey.id as string };
}

/** An access token of the account's session that expires in a minute (the shortest the config allows). */
async function minuteToken(account: TestAccount): Promise<string> {
  const claims = await verifyAccessToken(account.accessToken, server.app.platform.config.jwtSecret);
  return (await issueAccessToken(claims!, server.app.platform.config.jwtSecret, 60)).token;
}

/** Moves the process's clock (the server runs in it) past the minute tokens' expiry; timers stay real. */
function passMinuteTokensExpiry() {
  jest.useFakeTimers({
    now: Date.now() + 2 * 60_000,
    advanceTimers: true,
    doNotFake: ["hrtime", "nextTick", "performance", "queueMicrotask", "setImmediate", "clearImmediate", "setInterval", "clearInterval", "setTimeout", "clearTimeout"],
  });
}

const coursesTitled = (title: string) => server.db.course.count({ where: { title } });

it("runs each operation with the role the viewer has now: a demoted instructor's createCourse is refused and writes nothing", async () => {
  const instructor = await signUp(server, { role: "INSTRUCTOR" });
  const socket = await openSocket(instructor.accessToken, instructor);
  expect((await runOver(socket.client, CREATE, { title: "Before demotion" })).data?.createCourse.id).toBeDefined();

  await succeeds(server.graphql(SET_ROLE, { userId: instructor.id, role: "STUDENT" }, { token: cast.admin.accessToken }));
  const refused = await runOver(socket.client, CREATE, { title: "After demotion" });

  expect(refused.errors).toEqual([expect.objectContaining({ extensions: { code: "FORBIDDEN" } })]);
  expect(await coursesTitled("After demotion")).toBe(0);
  expect(socket).toMatchObject({ connections: 1, closes: [] });
  // The same refusal HTTP gives at this moment.
  const overHttp = await server.graphql(CREATE, { title: "After demotion" }, { token: instructor.accessToken });
  expect(overHttp.errors).toEqual([expect.objectContaining({ extensions: { code: "FORBIDDEN" } })]);
});

describe.each([
  {
    ending: "signOut(everywhere: true)",
    arrange: async (account: TestAccount) => ({
      socketToken: account.accessToken,
      end: () => succeeds(server.graphql(SIGN_OUT_EVERYWHERE, {}, { token: account.accessToken })),
    }),
  },
  {
    ending: "revokeApiKey",
    arrange: async (account: TestAccount) => {
      const key = await apiKey(account, ["courses:write", "catalog:read"]);
      return { socketToken: key.secret, end: () => succeeds(server.graphql(REVOKE_KEY, { id: key.id }, { token: account.accessToken })) };
    },
  },
  {
    ending: "the access token's expiry",
    arrange: async (account: TestAccount) => ({ socketToken: await minuteToken(account), end: async () => passMinuteTokensExpiry() }),
  },
])("after $ending", ({ arrange }) => {
  it("refuses the socket's next operation with UNAUTHENTICATED, writes nothing, and closes the socket with 4401", async () => {
    const account = await signUp(server, { role: "INSTRUCTOR" });
    const { socketToken, end } = await arrange(account);
    const socket = await openSocket(socketToken, account);
    expect((await runOver(socket.client, CREATE, { title: "While valid" })).data?.createCourse.id).toBeDefined();

    await end();
    const title = `After the end ${account.id}`;
    const refused = await runOver(socket.client, CREATE, { title });

    expect(refused.errors).toEqual([expect.objectContaining({ extensions: { code: "UNAUTHENTICATED" } })]);
    await waitUntil("the socket to close", () => socket.closes.length > 0);
    expect(socket).toMatchObject({ connections: 1, closes: [4401] });
    expect(await coursesTitled(title)).toBe(0);
  });
});

interface Watch {
  events: { id: string; status: string }[];
  errors: unknown[];
  closedWith?: number;
  ended: boolean;
}

function watchCourse(client: Client, courseId: string): Watch {
  const watch: Watch = { events: [], errors: [], ended: false };
  client.on("closed", (event) => void (watch.closedWith ??= (event as { code: number }).code));
  client.subscribe<{ videoStatusChanged: Watch["events"][number] }>(
    { query: WATCH, variables: { courseId } },
    {
      next: (result) => {
        if (result.data?.videoStatusChanged) watch.events.push(result.data.videoStatusChanged);
        if (result.errors) watch.errors.push(...result.errors);
      },
      error: (error) => {
        if (Array.isArray(error)) watch.errors.push(...error);
        watch.ended = true;
      },
      complete: () => void (watch.ended = true),
    },
  );
  return watch;
}

async function newVideo(courseId: string): Promise<string> {
  const data = await succeeds(server.graphql(CREATE_VIDEO, { input: { courseId, title: "Lesson" } }, { token: cast.owner.accessToken }));
  return data.createVideo.id;
}

/** Two status changes of the video (UPLOADING, then DRAFT), made by the course's owner. */
async function changeStatus(videoId: string) {
  const input = { videoId, fileName: "a.mp4", contentType: "video/mp4", sizeBytes: 1000 };
  const started = await succeeds(server.graphql(START_UPLOAD, { input }, { token: cast.owner.accessToken }));
  await succeeds(server.graphql(ABORT_UPLOAD, { uploadId: started.startVideoUpload.id }, { token: cast.owner.accessToken }));
}

describe.each([
  {
    loss: "an admin signed out everywhere and demoted",
    ending: { closedWith: 4401 },
    arrange: async () => {
      const admin = await signUp(server, { role: "ADMIN" });
      return {
        socketToken: admin.accessToken,
        // Signed out first: an event still in flight from the arrangement, checked between the two changes,
        // then meets the revoked session (4401) rather than a student's rights (NOT_FOUND).
        lose: async () => {
          await succeeds(server.graphql(SIGN_OUT_EVERYWHERE, {}, { token: admin.accessToken }));
          await succeeds(server.graphql(SET_ROLE, { userId: admin.id, role: "STUDENT" }, { token: cast.admin.accessToken }));
        },
      };
    },
  },
  {
    loss: "an admin demoted to instructor",
    // The course is a draft: to anyone but its instructors and admins it does not exist.
    ending: { code: "NOT_FOUND" },
    arrange: async () => {
      const admin = await signUp(server, { role: "ADMIN" });
      return {
        socketToken: admin.accessToken,
        lose: () => succeeds(server.graphql(SET_ROLE, { userId: admin.id, role: "INSTRUCTOR" }, { token: cast.admin.accessToken })),
      };
    },
  },
  {
    loss: "a co-instructor removed from the course",
    ending: { code: "NOT_FOUND" },
    arrange: async (courseId: string) => {
      const coInstructor = await signUp(server, { role: "INSTRUCTOR" });
      await succeeds(
        server.graphql(
          `mutation ($courseId: ID!, $userId: ID!) { addCourseInstructor(courseId: $courseId, userId: $userId) { id } }`,
          { courseId, userId: coInstructor.id },
          { token: cast.owner.accessToken },
        ),
      );
      return {
        socketToken: coInstructor.accessToken,
        lose: () => succeeds(server.graphql(REMOVE_INSTRUCTOR, { courseId, userId: coInstructor.id }, { token: cast.owner.accessToken })),
      };
    },
  },
  {
    loss: "an admin's API key revoked",
    ending: { closedWith: 4401 },
    arrange: async () => {
      const admin = await signUp(server, { role: "ADMIN" });
      const key = await apiKey(admin, ["courses:write", "catalog:read"]);
      return { socketToken: key.secret, lose: () => succeeds(server.graphql(REVOKE_KEY, { id: key.id }, { token: admin.accessToken })) };
    },
  },
  {
    loss: "an admin's access token expired",
    ending: { closedWith: 4401 },
    arrange: async () => {
      const admin = await signUp(server, { role: "ADMIN" });
      return { socketToken: await minuteToken(admin), lose: async () => passMinuteTokensExpiry() };
    },
  },
])("a running videoStatusChanged subscription, after $loss,", ({ arrange, ending }) => {
  it("ends at the next event, without sending it", async () => {
    const course = await createCourse(server, cast.owner.accessToken);
    const { socketToken, lose } = await arrange(course.id);
    const watch = watchCourse(server.subscriptionClient(socketToken), course.id);
    const owner = watchCourse(server.subscriptionClient(cast.owner.accessToken), course.id);
    const before = await newVideo(course.id);
    // Both subscriptions are live once an event reaches each of them.
    await waitUntil("both subscriptions to receive an event", async () => {
      await changeStatus(before);
      return watch.events.length > 0 && owner.events.length > 0;
    });

    await lose();
    const after = await newVideo(course.id);
    await waitUntil("the subscription to end", async () => {
      await changeStatus(after);
      return watch.ended;
    });

    await waitUntil("the owner to receive the later events", () => owner.events.some((event) => event.id === after));
    expect(watch.events.filter((event) => event.id === after)).toEqual([]);
    if ("code" in ending) {
      expect(watch.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: ending.code }) })]);
      // The server kept the socket open; the client closes it itself (1000) once nothing runs on it.
      expect(watch.closedWith ?? 1000).toBe(1000);
    } else {
      expect(watch.closedWith).toBe(ending.closedWith);
    }
  });
});
