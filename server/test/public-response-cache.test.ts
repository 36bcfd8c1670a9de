// The public response cache: anonymous answers to public queries are shared without SQL until
// the data they show changes, whoever changes it, and never leak into anyone else's answers.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { createApp, type App } from "../src/app.ts";
import { addReadyVideo, publishedCourse } from "../src/modules/media/media.fixtures.ts";
import { databaseId } from "./support/ids.ts";
import { type Cast, signUp, signUpCast, type TestAccount } from "../src/modules/identity/identity.fixtures.ts";
import { enrollAs } from "../src/modules/learning/learning.fixtures.ts";
import { UPDATE_COURSE } from "../src/modules/catalog/catalog.fixtures.ts";
import { refreshCoursePopularity } from "../src/modules/catalog/index.ts";
import { modules } from "../src/modules/index.ts";
import { loadConfig } from "../src/platform/config.ts";
import { PUBLIC_DATA_CHANNEL } from "../src/platform/data-change-feed.ts";
import { createDatabase, type Database } from "../src/platform/db.ts";
import { createLogger } from "../src/platform/logger.ts";
import { startTestServer, type TestServer, UNTHROTTLED } from "./support/test-server.ts";
import { waitUntil } from "./support/wait.ts";

const PAGE = /* GraphQL */ `
  query Page($first: Int) {
    courses(first: $first) {
      totalCount
      nodes {
        id title
        owner { id profile { displayName } }
        sections { id title videos { id title } }
        videos { id title durationSeconds thumbnailUrl }
        videoCount
      }
    }
  }
`;

interface Answer {
  status: number;
  cacheControl: string | null;
  vary: string | null;
  body: { data?: any; errors?: { extensions: { code: string } }[] };
}

let server: TestServer;
let cast: Cast;
let courseId: string;

async function post(url: string, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<Answer> {
  const response = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return {
    status: response.status,
    cacheControl: response.headers.get("cache-control"),
    vary: response.headers.get("vary"),
    body: (await response.json()) as Answer["body"],
  };
}

/** One request, and how many SQL statements the server sent for it. */
async function measured(query: string, variables: Record<string, unknown> = {}, token?: string) {
  let answer!: Answer;
  const statements = await server.countQueries(async () => {
    answer = await post(server.url, query, variables, token);
  });
  return { ...answer, statements };
}

/** Changes reach the cache on PostgreSQL's notification, a moment after the writer's commit. */
async function eventually(url: string, accept: (data: any) => boolean): Promise<any> {
  let data: any;
  await waitUntil("the anonymous page to change", async () => accept((data = (await post(url, PAGE, { first: 10 })).body.data)));
  return data;
}

const titleOf = (data: any) => data.courses.nodes.find((node: { id: string }) => node.id === courseId)?.title;

/** On once a repeated page costs no SQL. */
function untilFeedListens(): Promise<void> {
  return waitUntil(
    "the public response cache to come on",
    async () => {
      await measured(PAGE, { first: 10 });
      return (await measured(PAGE, { first: 10 })).statements === 0;
    }
  );
}

/** A connection that hears the public data notifications, as every server instance does. */
async function listenToPublicData() {
  const listener = new pg.Client({ connectionString: server.databaseUrl });
  await listener.connect();
  const heard: { channel: string; payload?: string }[] = [];
  listener.on("notification", ({ channel, payload }) => heard.push({ channel, payload }));
  await listener.query(`LISTEN ${PUBLIC_DATA_CHANNEL}`);
  await listener.query("LISTEN test_marker");
  return {
    /** The payloads of the public data notifications that what `act` committed sent: all arrive before a marker sent after it. */
    async notificationsOf(act: () => Promise<unknown>): Promise<unknown[]> {
      const from = heard.length;
      await act();
      const marker = randomUUID();
      await listener.query("SELECT pg_notify('test_marker', $1)", [marker]);
      await waitUntil("the marker notification", async () => heard.some((message) => message.payload === marker));
      return heard.slice(from).filter((message) => message.channel === PUBLIC_DATA_CHANNEL).map((message) => JSON.parse(message.payload!));
    },
    end: () => listener.end(),
  };
}

beforeAll(async () => {
  server = await startTestServer({ ...UNTHROTTLED, PUBLIC_CACHE_SECONDS: "30" });
  cast = await signUpCast(server);
  courseId = (await publishedCourse(server, cast.owner.accessToken, { title: "Cached course" })).id;
  await untilFeedListens();
});
afterAll(() => server.close());

it("answers a repeated anonymous catalog query with no SQL, the same data, and a public Cache-Control varying on credentials", async () => {
  const first = await measured(PAGE, { first: 10 });
  const second = await measured(PAGE, { first: 10 });

  expect(second.statements).toBe(0);
  expect(second.body).toEqual(first.body);
  expect(second.body.data.courses.nodes.length).toBeGreaterThan(0);
  expect(second.cacheControl).toMatch(/^public, max-age=(30|29|28)$/);
  expect(second.vary?.toLowerCase()).toContain("authorization");
});

it("keeps answers per variables and per operation text", async () => {
  await publishedCourse(server, cast.owner.accessToken, { title: "Second cached course" });
  await eventually(server.url, (data) => data.courses.totalCount === 2);
  const one = await measured(PAGE, { first: 1 });
  const two = await measured(PAGE, { first: 2 });
  expect(one.body.data.courses.nodes).toHaveLength(1);
  expect(two.body.data.courses.nodes).toHaveLength(2);
  const otherText = await measured(`query { courses(first: 1) { nodes { id slug } } }`);
  expect(otherText.body.data.courses.nodes[0]).toEqual({ id: expect.any(String), slug: expect.any(String) });
});

it("executes identical anonymous requests that arrive together once, after a change as at the start", async () => {
  const query = `query Together($first: Int) { courses(first: $first) { nodes { id title sections { id } videos { id } owner { id } } } }`;
  const alone = await measured(query, { first: 7 });
  expect(alone.statements).toBeGreaterThan(0);

  await server.db.course.update({ where: { id: databaseId(courseId) }, data: { subtitle: "Changed before the crowd" } });
  // Once another query shows the change, the server has dropped every kept answer.
  const probe = `query Probe { courses(first: 10) { nodes { id subtitle } } }`;
  await waitUntil(
    "the change to show",
    async () => (await post(server.url, probe)).body.data.courses.nodes.some((node: { subtitle: string }) => node.subtitle === "Changed before the crowd")
  );
  let answers: Answer[] = [];
  const statements = await server.countQueries(async () => {
    answers = await Promise.all(Array.from({ length: 12 }, () => post(server.url, query, { first: 7 })));
  });
  expect(statements).toBe(alone.statements);
  for (const answer of answers) {
    expect(answer.body).toEqual(answers[0]!.body);
    expect(answer.cacheControl).toMatch(/^public, max-age=/);
  }
});

it("shows a change made through the API to the next anonymous visitors", async () => {
  await measured(PAGE, { first: 10 });
  const update = await post(server.url, UPDATE_COURSE, { id: courseId, input: { title: "Renamed through the API" } }, cast.owner.accessToken);
  expect(update.body.errors).toBeUndefined();
  await eventually(server.url, (data) => titleOf(data) === "Renamed through the API");
});

it("shows changes made straight in the database: courses, videos, sections, profiles", async () => {
  const id = databaseId(courseId);
  await server.db.course.update({ where: { id }, data: { title: "Renamed in the database" } });
  await eventually(server.url, (data) => titleOf(data) === "Renamed in the database");

  const video = await addReadyVideo(server, courseId, { durationSeconds: 42 });
  await eventually(server.url, (data) => data.courses.nodes.find((node: any) => node.id === courseId).videos.some((v: any) => v.durationSeconds === 42));
  await server.db.video.update({ where: { id: video.id }, data: { title: "Retitled video" } });
  await eventually(server.url, (data) => data.courses.nodes.find((node: any) => node.id === courseId).videos.some((v: any) => v.title === "Retitled video"));

  // Anonymous visitors are shown sections holding a ready video: the section gets one, then a new title of its own.
  const section = await server.db.section.create({ data: { courseId: id, title: "A new section", position: 0 } });
  await server.db.video.update({ where: { id: video.id }, data: { sectionId: section.id, position: 0 } });
  await eventually(server.url, (data) => data.courses.nodes.find((node: any) => node.id === courseId).sections.some((s: any) => s.title === "A new section"));
  await server.db.section.update({ where: { id: section.id }, data: { title: "A renamed section" } });
  await eventually(server.url, (data) => data.courses.nodes.find((node: any) => node.id === courseId).sections.some((s: any) => s.title === "A renamed section"));

  await server.db.profile.update({ where: { userId: databaseId(cast.owner.id) }, data: { displayName: "Owner, renamed" } });
  await eventually(server.url, (data) => data.courses.nodes.every((node: any) => node.owner.profile.displayName === "Owner, renamed"));
});

it("serves the committed data while a change is uncommitted, and ignores a rolled-back one", async () => {
  const before = titleOf((await measured(PAGE, { first: 10 })).body.data);
  const client = new pg.Client({ connectionString: server.databaseUrl });
  await client.connect();
  try {
    await client.query("BEGIN");
    await client.query(`UPDATE courses SET title = 'Never committed' WHERE id = $1`, [databaseId(courseId)]);
    const during = await measured(PAGE, { first: 10 });
    expect(during.statements).toBe(0);
    expect(titleOf(during.body.data)).toBe(before);
    await client.query("ROLLBACK");
  } finally {
    await client.end();
  }
  await new Promise((resolve) => setTimeout(resolve, 200));
  const after = await measured(PAGE, { first: 10 });
  expect(after.statements).toBe(0);
  expect(titleOf(after.body.data)).toBe(before);
});

it("keeps the catalog page through a burst of enrollments, then drops it once for the recount that reorders it", async () => {
  const POPULAR = `query Popular { courses(first: 10, orderBy: { field: POPULARITY, direction: DESC }) { nodes { id } } }`;
  const popularIds = async () => (await post(server.url, POPULAR)).body.data.courses.nodes.map((node: { id: string }) => node.id);
  const listener = await listenToPublicData();
  try {
    /** How many public data notifications the database sent for what `act` committed. */
    const publicChangesOf = async (act: () => Promise<unknown>) => (await listener.notificationsOf(act)).length;

    const least = (await popularIds()).at(-1);
    await untilFeedListens();
    await waitUntil("the popularity order to be kept", async () => (await measured(POPULAR)).statements === 0);
    // Enrolling arrives with the learning module's API; until then learners and enrollments are arranged in the database.
    const learners = await server.db.$queryRaw<{ id: string }[]>`
      INSERT INTO users (id, email, password_hash, updated_at)
      SELECT gen_random_uuid(), 'burst-' || n || '@example.com', 'not a hash', now() FROM generate_series(1, 50) AS n
      RETURNING id`;
    const burst = () =>
      Promise.all(learners.map(({ id }) => server.db.enrollment.create({ data: { courseId: databaseId(least), userId: id, source: "FREE" } })));
    expect(await publicChangesOf(burst)).toBe(0);
    expect((await measured(PAGE, { first: 10 })).statements).toBe(0);
    expect((await measured(POPULAR)).statements).toBe(0);

    expect(await publicChangesOf(() => refreshCoursePopularity(server.app.platform))).toBe(1);
    await waitUntil("the enrolled course to lead the popularity order", async () => (await popularIds())[0] === least);
    // Nothing changed since: the recount writes nothing, and the kept pages stay.
    expect(await publicChangesOf(() => refreshCoursePopularity(server.app.platform))).toBe(0);
  } finally {
    await listener.end();
  }
});

const COURSE_PAGE = /* GraphQL */ `
  query CoursePage($id: ID!) {
    course(id: $id) {
      id title
      owner { id profile { displayName } }
      sections { id title videos { id title } }
      videos { id title durationSeconds }
    }
  }
`;

/** Waits until a repeated anonymous request is answered with no SQL. */
function kept(query: string, variables: Record<string, unknown>): Promise<void> {
  return waitUntil(
    `${JSON.stringify(variables)} to be kept`,
    async () => {
      await measured(query, variables);
      return (await measured(query, variables)).statements === 0;
    }
  );
}

/** Waits until an anonymous course page shows what `accept` looks for. */
async function coursePageShows(id: string, accept: (course: any) => boolean): Promise<void> {
  await waitUntil(`course ${id}'s page to change`, async () => accept((await post(server.url, COURSE_PAGE, { id })).body.data.course));
}

it("drops a changed course's page and the lists that show it, and keeps another course's page", async () => {
  const a = await publishedCourse(server, cast.owner.accessToken, { title: "Course A" });
  const b = await publishedCourse(server, cast.owner.accessToken, { title: "Course B" });
  const videoOfA = await server.db.video.findFirstOrThrow({ where: { courseId: databaseId(a.id) } });
  const VIDEO_PAGE = `query VideoPage($id: ID!) { video(id: $id) { id title section { title } course { title owner { profile { displayName } } } } }`;
  const videoPageOfB = { id: (await post(server.url, `query { course(id: "${b.id}") { videos { id } } }`)).body.data.course.videos[0].id };
  const PRICES = `query Prices { courses(first: 10) { nodes { id priceCents } } }`;
  const nodeOf = (data: any, id: string) => data.courses.nodes.find((node: { id: string }) => node.id === id);
  // Notifications arrive in commit order: once A's page shows a change, B's creation has been heard too.
  await server.db.course.update({ where: { id: databaseId(a.id) }, data: { title: "Course A, renamed" } });
  await coursePageShows(a.id, (course) => course.title === "Course A, renamed");
  await kept(COURSE_PAGE, { id: b.id });
  await kept(VIDEO_PAGE, videoPageOfB);
  await kept(COURSE_PAGE, { id: a.id });
  await kept(PAGE, { first: 10 });

  await server.db.video.update({ where: { id: videoOfA.id }, data: { title: "A's video, retitled" } });
  await coursePageShows(a.id, (course) => course.videos.some((video: { title: string }) => video.title === "A's video, retitled"));
  const pageOfB = await measured(COURSE_PAGE, { id: b.id });
  expect(pageOfB.statements).toBe(0);
  expect(pageOfB.body.data.course.title).toBe("Course B");
  expect((await measured(VIDEO_PAGE, videoPageOfB)).statements).toBe(0);
  await eventually(server.url, (data) => nodeOf(data, a.id).videos.some((video: { title: string }) => video.title === "A's video, retitled"));

  await kept(PRICES, {});
  await server.db.course.update({ where: { id: databaseId(a.id) }, data: { priceCents: 1_900 } });
  await waitUntil("the list to show A's new price", async () => nodeOf((await post(server.url, PRICES)).body.data, a.id).priceCents === 1_900);
  expect((await measured(COURSE_PAGE, { id: b.id })).statements).toBe(0);
});

it("keeps course pages through a burst of enrollments and a new name of a learner no page shows", async () => {
  const shown = await publishedCourse(server, cast.owner.accessToken, { title: "Shown through the burst" });
  const marker = await publishedCourse(server, cast.owner.accessToken, { title: "Marker course" });
  const videoOfMarker = await server.db.video.findFirstOrThrow({ where: { courseId: databaseId(marker.id) } });
  await server.db.course.update({ where: { id: databaseId(marker.id) }, data: { subtitle: "Heard" } });
  await waitUntil("the marker's change to show", async () => (await post(server.url, `query { course(id: "${marker.id}") { subtitle } }`)).body.data.course.subtitle === "Heard");
  await kept(COURSE_PAGE, { id: shown.id });

  const learners = await server.db.$queryRaw<{ id: string }[]>`
    INSERT INTO users (id, email, password_hash, updated_at)
    SELECT gen_random_uuid(), 'page-burst-' || n || '@example.com', 'not a hash', now() FROM generate_series(1, 30) AS n
    RETURNING id`;
  await Promise.all(learners.map(({ id }) => server.db.enrollment.create({ data: { courseId: databaseId(shown.id), userId: id, source: "FREE" } })));
  await server.db.profile.update({ where: { userId: databaseId(cast.student.id) }, data: { displayName: "Student, renamed" } });
  // The marker course's change is heard after everything committed before it.
  await server.db.video.update({ where: { id: videoOfMarker.id }, data: { title: "Marker video, retitled" } });
  await coursePageShows(marker.id, (course) => course.videos.some((video: { title: string }) => video.title === "Marker video, retitled"));

  const page = await measured(COURSE_PAGE, { id: shown.id });
  expect(page.statements).toBe(0);
  expect(page.body.data.course.title).toBe("Shown through the burst");
});

it("sends one notification per statement however many rows it writes, naming their courses, or none past 100 courses", async () => {
  const listener = await listenToPublicData();
  try {
    const notified = (statement: string) => listener.notificationsOf(() => server.db.$executeRawUnsafe(statement));
    const id = databaseId(courseId);

    expect(await notified(`INSERT INTO sections (id, course_id, title, position, updated_at)
      SELECT gen_random_uuid(), '${id}', 'Bulk ' || n, 100 + n, now() FROM generate_series(1, 2000) AS n`)).toEqual([{ table: "sections", scopes: [`course:${id}`] }]);
    expect(await notified(`UPDATE sections SET title = title || '.' WHERE title LIKE 'Bulk %'`)).toEqual([{ table: "sections", scopes: [`course:${id}`] }]);
    expect(await notified(`DELETE FROM sections WHERE title LIKE 'Bulk %'`)).toEqual([{ table: "sections", scopes: [`course:${id}`] }]);
    expect(await notified(`UPDATE sections SET title = title WHERE false`)).toEqual([]);
    expect(await notified(`INSERT INTO courses (id, slug, title, description, price_cents, owner_id, updated_at)
      SELECT gen_random_uuid(), 'bulk-draft-' || n, 'Bulk draft', 'Never published.', 0, '${databaseId(cast.otherInstructor.id)}', now()
      FROM generate_series(1, 101) AS n`)).toEqual([{ table: "courses", scopes: null }]);
  } finally {
    await listener.end();
  }
});

it("drops every kept answer on a notification that names no scope or cannot be read", async () => {
  for (const payload of [JSON.stringify({ table: "videos", scopes: null }), "not a payload it knows"]) {
    await kept(COURSE_PAGE, { id: courseId });
    await server.db.$executeRaw`SELECT pg_notify(${PUBLIC_DATA_CHANNEL}, ${payload})`;
    await waitUntil(`the page to be dropped on ${payload}`, async () => (await measured(COURSE_PAGE, { id: courseId })).statements > 0);
  }
});

describe("signed-in viewers", () => {
  const VIEWER_PAGE = /* GraphQL */ `
    query ViewerPage($id: ID!) { course(id: $id) { id title viewerCanEdit videos { id title viewerCanWatch } } }
  `;
  let stranger: TestAccount;
  let learner: TestAccount;
  let shown: { id: string };
  /** What a kept answer costs a signed-in request: its session and role, and its viewer's scopes. */
  let hitStatements: number;

  beforeAll(async () => {
    [stranger, learner] = await Promise.all([signUp(server, { displayName: "Stranger" }), signUp(server, { displayName: "Learner" })]);
    shown = await publishedCourse(server, cast.owner.accessToken, { title: "Shown to strangers" });
    await enrollAs(server, learner.accessToken, shown.id);
    const typename = `query Typename { __typename }`;
    await post(server.url, typename);
    hitStatements = (await measured(typename, {}, stranger.accessToken)).statements;
  });

  it("gives a viewer who neither teaches nor learns the course the anonymous answer, reading nothing but who they are", async () => {
    await kept(VIEWER_PAGE, { id: shown.id });
    const anonymous = await measured(VIEWER_PAGE, { id: shown.id });
    const signedIn = await measured(VIEWER_PAGE, { id: shown.id }, stranger.accessToken);
    const executed = await measured(VIEWER_PAGE, { id: shown.id }, cast.owner.accessToken);

    expect(signedIn.body).toEqual(anonymous.body);
    expect(signedIn.body.data.course.videos[0].viewerCanWatch).toBe(false);
    expect(signedIn.statements).toBe(hitStatements);
    expect(signedIn.statements).toBeLessThan(executed.statements);
    // Private to its viewer, though its data is the public one.
    expect(signedIn.cacheControl).toBeNull();
  });

  it("answers the course's owner, its learners and admins from their own execution, and never keeps it for others", async () => {
    await kept(VIEWER_PAGE, { id: shown.id });
    const views = [
      { token: cast.owner.accessToken, canEdit: true, canWatch: true },
      { token: learner.accessToken, canEdit: false, canWatch: true },
      { token: cast.admin.accessToken, canEdit: true, canWatch: true },
    ];
    for (const { token, canEdit, canWatch } of views) {
      for (const attempt of [1, 2]) {
        const view = await measured(VIEWER_PAGE, { id: shown.id }, token);
        expect({ attempt, statements: view.statements > hitStatements }).toEqual({ attempt, statements: true });
        expect(view.body.data.course).toMatchObject({ viewerCanEdit: canEdit, videos: [{ viewerCanWatch: canWatch }] });
      }
    }
    const anonymous = await measured(VIEWER_PAGE, { id: shown.id });
    expect(anonymous.statements).toBe(0);
    expect(anonymous.body.data.course).toMatchObject({ viewerCanEdit: false, videos: [{ viewerCanWatch: false }] });
  });

  it("keeps a stranger's own answer for anonymous visitors, and not the owner's", async () => {
    const strangerFirst = `query StrangerFirst($id: ID!) { course(id: $id) { id title viewerCanEdit } }`;
    const own = await measured(strangerFirst, { id: shown.id }, stranger.accessToken);
    expect(own.statements).toBeGreaterThan(hitStatements);
    const anonymous = await measured(strangerFirst, { id: shown.id });
    expect(anonymous.statements).toBe(0);
    expect(anonymous.body).toEqual(own.body);

    const ownerFirst = `query OwnerFirst($id: ID!) { course(id: $id) { id title viewerCanEdit } }`;
    const owners = await measured(ownerFirst, { id: shown.id }, cast.owner.accessToken);
    expect(owners.body.data.course.viewerCanEdit).toBe(true);
    const afterOwner = await measured(ownerFirst, { id: shown.id });
    expect(afterOwner.statements).toBeGreaterThan(0);
    expect(afterOwner.body.data.course.viewerCanEdit).toBe(false);
  });

  it("executes every API key's request: the shield checks its scopes field by field", async () => {
    await kept(VIEWER_PAGE, { id: shown.id });
    for (const attempt of [1, 2]) {
      const view = await measured(VIEWER_PAGE, { id: shown.id }, cast.keys.readOnlyKey);
      expect({ attempt, executed: view.statements > hitStatements }).toEqual({ attempt, executed: true });
      expect(view.body.data.course.id).toBe(shown.id);
    }
  });

  it("refuses a signed-out session while its page is kept, and a draft never reaches the shared answers", async () => {
    const leaving = await signUp(server, { displayName: "Leaving" });
    await kept(VIEWER_PAGE, { id: shown.id });
    expect((await measured(VIEWER_PAGE, { id: shown.id }, leaving.accessToken)).body.data.course.id).toBe(shown.id);
    expect((await post(server.url, `mutation { signOut(everywhere: true) }`, {}, leaving.accessToken)).body.errors).toBeUndefined();
    const refused = await measured(VIEWER_PAGE, { id: shown.id }, leaving.accessToken);
    expect(refused.body.errors?.[0].extensions.code).toBe("UNAUTHENTICATED");
    expect(refused.body.data?.course ?? null).toBeNull();

    const draft = await post(server.url, `mutation { createCourse(input: { title: "Secret draft", description: "Not yet.", priceCents: 0 }) { id } }`, {}, cast.owner.accessToken);
    const draftPage = `query { course(id: "${draft.body.data.createCourse.id}") { title } }`;
    expect((await post(server.url, draftPage, {}, cast.owner.accessToken)).body.data.course.title).toBe("Secret draft");
    expect((await post(server.url, draftPage)).body.data.course).toBeNull();
    expect((await post(server.url, draftPage, {}, stranger.accessToken)).body.data.course).toBeNull();
  });
});

it("does not keep answers with fields outside the public set: a signed playback URL", async () => {
  const query = `query { courses(first: 10) { nodes { id videos { id playback { url expiresAt } } } } }`;
  const first = await measured(query);
  const second = await measured(query);
  expect(first.body.errors).toBeUndefined();
  expect(second.statements).toBeGreaterThan(0);
  expect(second.cacheControl).toBeNull();
});

it("does not keep answers with errors", async () => {
  const query = `query { courses(first: 1000) { nodes { id } } }`;
  const first = await post(server.url, query);
  const second = await post(server.url, query);
  expect(first.body.errors?.[0].extensions.code).toBe("BAD_USER_INPUT");
  expect(second.body.errors?.[0].extensions.code).toBe("BAD_USER_INPUT");
  expect(second.cacheControl).toBeNull();
});

it("turns itself off while it cannot hear of changes, and back on when it can", async () => {
  await measured(PAGE, { first: 10 });
  await server.db.$executeRawUnsafe(
    `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'lms-data-change-feed' AND datname = current_database()`,
  );
  await new Promise((resolve) => setTimeout(resolve, 100));
  const whileDeaf = await measured(PAGE, { first: 10 });
  expect(whileDeaf.statements).toBeGreaterThan(0);
  await untilFeedListens();
});

it("drops a second server's answers when the first server changes the data", async () => {
  let other: App | undefined;
  let otherDb: Database | undefined;
  try {
    const config = loadConfig({ NODE_ENV: "test", LOG_LEVEL: "silent", DATABASE_URL: server.databaseUrl, SEED_DEMO_DATA: "false", ...UNTHROTTLED });
    expect(config.publicCache.seconds).toBeGreaterThan(0);
    otherDb = createDatabase({ url: server.databaseUrl, poolSize: 2 });
    other = await createApp(config, otherDb, createLogger("silent"));
    const otherUrl = await other.listen(0, "127.0.0.1");
    await eventually(otherUrl, (data) => titleOf(data) !== undefined);

    const update = await post(server.url, UPDATE_COURSE, { id: courseId, input: { title: "Renamed on the first server" } }, cast.owner.accessToken);
    expect(update.body.errors).toBeUndefined();
    await eventually(otherUrl, (data) => titleOf(data) === "Renamed on the first server");
  } finally {
    await other?.close();
    await otherDb?.$disconnect();
  }
});

it("is off with PUBLIC_CACHE_SECONDS=0 (the test servers' default)", async () => {
  const uncached = await startTestServer(UNTHROTTLED);
  try {
    await uncached.graphql(PAGE, { first: 10 });
    const statements = await uncached.countQueries(() => uncached.graphql(PAGE, { first: 10 }));
    expect(statements).toBeGreaterThan(0);
  } finally {
    await uncached.close();
  }
});

it("lists only fields that exist in the schema", () => {
  const coordinates = modules.flatMap((module) => module.publicFields ?? []);
  expect(coordinates.length).toBeGreaterThan(30);
  const missing = coordinates.filter((coordinate) => {
    const [typeName, fieldName] = coordinate.split(".");
    const type = server.app.schema.getType(typeName!);
    return !type || !("getFields" in type) || !(fieldName! in type.getFields());
  });
  expect(missing).toEqual([]);
});
