// A catalog page (20 courses with owner, instructors, sections, videos and totals) over a
// realistic catalog, against a baseline that answers the same data with one SQL query: as
// anonymous visitors get it (the public response cache answers repeats), and as signed-in
// students get it (executed every time: what the GraphQL layers cost over the baseline), and
// anonymously while an instructor keeps editing a course of the page (each edit drops the
// shared answers, so some requests execute again).
import { randomBytes } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import { seedCatalog } from "../../prisma/seed-catalog.ts";
import { createDatabase } from "../../server/src/platform/db.ts";
import { REPOSITORY_ROOT } from "../../server/src/platform/paths.ts";
import { signUpAccounts } from "../accounts.ts";
import { startChildServer } from "../child-server.ts";
import { callGraphQL, graphqlLoadSpec, isGraphQLSuccess } from "../graphql.ts";
import { measureLoad } from "../load.ts";
import type { BenchContext, Measurement, Scenario, TargetCheck } from "../scenario.ts";

const CONNECTIONS = 50;
const DURATION_SECONDS = 10;
const COURSES = 500;
const VIDEOS_PER_COURSE = 20;
const PAGE_SIZE = 20;
const P99_TARGET_MS = 100;
/** The API's req/s as a share of the baseline's that the issue asks for. */
const THROUGHPUT_SHARE_TARGET = 0.35;
/** Signed-in viewers are spread over several accounts, as the `me` scenario does. */
const STUDENTS = 10;
/** Course edits per second during the "while editing" load. */
const EDITS_PER_SECOND = 10;

const EDIT_SUBTITLE = /* GraphQL */ `
  mutation BenchEditSubtitle($id: ID!, $input: UpdateCourseInput!) { updateCourse(id: $id, input: $input) { id } }
`;

const CATALOG_PAGE = /* GraphQL */ `
  query BenchCatalogPage($first: Int) {
    courses(first: $first) {
      nodes {
        id slug title subtitle priceCents currency tags
        owner { id profile { displayName } }
        instructors { id profile { displayName } }
        sections { id title position videos { id title durationSeconds position isPreview } }
        videoCount
        totalDurationSeconds
      }
    }
  }
`;

/**
 * Seeded straight into the database (prisma/seed-catalog.ts): 10,000 videos through the API
 * would take minutes and measure nothing. The owner signs up through the API like anyone.
 */
async function seedCatalogOwnedByAnInstructor(context: BenchContext): Promise<Prepared> {
  const [owner, ...students] = await signUpAccounts(context, 1 + STUDENTS);
  const db = createDatabase({ url: context.databaseUrl, poolSize: 2 });
  try {
    const { id } = await db.user.update({ where: { email: owner.email }, data: { role: "INSTRUCTOR" }, select: { id: true } });
    await seedCatalog(db, { ownerId: id, courses: COURSES, videosPerCourse: VIDEOS_PER_COURSE, slugPrefix: `bench-${randomBytes(4).toString("hex")}` });
    // Fresh tables have no statistics until autovacuum gets round to them, perhaps in the middle of
    // a load: plans would change under the measurement, and the first rows would pay for guesses.
    await db.$executeRaw`ANALYZE`;
  } finally {
    await db.$disconnect();
  }
  const page = await callGraphQL<{ courses: { nodes: { id: string }[] } }>(context, CATALOG_PAGE, { first: PAGE_SIZE });
  return { ownerToken: owner.accessToken, editedCourseId: page.courses.nodes[0]!.id, studentTokens: students.map((student) => student.accessToken) };
}

interface Prepared {
  ownerToken: string;
  /** A course on the measured page, which the "while editing" load keeps changing. */
  editedCourseId: string;
  studentTokens: string[];
}

/** Runs `work` while the owner edits the course through the API EDITS_PER_SECOND times a second. */
async function whileEditing<T>(context: BenchContext, { ownerToken, editedCourseId }: Prepared, work: () => Promise<T>): Promise<T> {
  let running = true;
  let edits = 0;
  const editing = (async () => {
    while (running) {
      edits += 1;
      await callGraphQL(context, EDIT_SUBTITLE, { id: editedCourseId, input: { subtitle: `Edited ${edits} times` } }, ownerToken);
      await new Promise((resolve) => setTimeout(resolve, 1000 / EDITS_PER_SECOND));
    }
  })();
  try {
    return await work();
  } finally {
    running = false;
    await editing;
  }
}

/** A baseline that answers different data would make the comparison meaningless. */
async function checkBaselineAnswersTheSamePage(context: BenchContext, baselineUrl: string): Promise<void> {
  const api = await callGraphQL<unknown>(context, CATALOG_PAGE, { first: PAGE_SIZE });
  const baseline = (await (await fetch(baselineUrl)).json()) as { data: unknown };
  if (!isDeepStrictEqual(api, baseline.data)) {
    throw new Error(`The baseline's page differs from the API's:\nAPI: ${JSON.stringify(api).slice(0, 400)}\nbaseline: ${JSON.stringify(baseline.data).slice(0, 400)}`);
  }
}

async function measureBaseline(context: BenchContext): Promise<Measurement> {
  const baseline = await startChildServer({
    name: "catalog baseline server",
    nodeArgs: ["-r", "@swc-node/register", "bench/baseline/catalog-server.ts"],
    cwd: REPOSITORY_ROOT,
    env: { NODE_ENV: "production", DATABASE_URL: context.databaseUrl },
    readyPath: "/readyz",
  });
  try {
    const url = `${baseline.url}/catalog`;
    await checkBaselineAnswersTheSamePage(context, url);
    return await measureLoad({
      name: "catalog baseline (pg + node:http)",
      url,
      method: "GET",
      connections: CONNECTIONS,
      durationSeconds: context.durationOverride ?? DURATION_SECONDS,
      requestFor: () => ({ headers: {} }),
      isSuccess: isGraphQLSuccess,
    });
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\nBaseline output:\n${baseline.recentOutput()}`);
  } finally {
    await baseline.stop();
  }
}

/** The catalog page from the API at CONNECTIONS connections; signed in when `tokenFor` is given. */
function measurePage(context: BenchContext, name: string, tokenFor?: (index: number) => string): Promise<Measurement> {
  return measureLoad(
    graphqlLoadSpec(context, {
      name,
      connections: CONNECTIONS,
      durationSeconds: DURATION_SECONDS,
      query: CATALOG_PAGE,
      variablesFor: () => ({ first: PAGE_SIZE }),
      tokenFor,
    }),
  );
}

function throughputShareCheck(api: Measurement, baseline: Measurement): TargetCheck {
  const share = api.requestsPerSecond / baseline.requestsPerSecond;
  return {
    description: `${api.name}: ${api.requestsPerSecond.toFixed(1)} req/s = ${(share * 100).toFixed(1)} % of the baseline's ${baseline.requestsPerSecond.toFixed(1)} (target >= ${THROUGHPUT_SHARE_TARGET * 100} %)`,
    met: share >= THROUGHPUT_SHARE_TARGET,
  };
}

function latencyCheck(api: Measurement): TargetCheck {
  return { description: `${api.name}: p99 ${api.p99Ms} ms < ${P99_TARGET_MS} ms at ${api.connections} connections`, met: api.p99Ms < P99_TARGET_MS };
}

export const catalog: Scenario<Prepared> = {
  name: "catalog",
  description: `catalog page of ${PAGE_SIZE} courses (owner, instructors, sections, videos, totals) over ${COURSES}x${VIDEOS_PER_COURSE}, ${CONNECTIONS} connections, anonymous and signed in; vs pg + node:http`,
  setup: seedCatalogOwnedByAnInstructor,
  run: async (context, prepared) => [
    await measurePage(context, "catalog page, anonymous (API)"),
    await measurePage(context, "catalog page, signed in (API)", (index) => prepared.studentTokens[index % prepared.studentTokens.length]!),
    await whileEditing(context, prepared, () => measurePage(context, `catalog page, anonymous, ${EDITS_PER_SECOND} edits/s (API)`)),
    await measureBaseline(context),
  ],
  checkTargets: ([anonymous, signedIn, , baseline]) => [
    latencyCheck(anonymous),
    throughputShareCheck(anonymous, baseline),
    latencyCheck(signedIn),
    throughputShareCheck(signedIn, baseline),
  ],
};
