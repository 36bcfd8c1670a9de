// The catalog's side of ratings: the cards' average and count, the RATING order, the kept
// anonymous answers dropped when a review changes, and a catalog page with ratings in a fixed
// number of statements.
import { startTestServer, type TestServer, UNTHROTTLED } from "../../../test/support/test-server.ts";
import { waitUntil } from "../../../test/support/wait.ts";
import { type Cast, signUpCast } from "../identity/identity.fixtures.ts";
import { courseToRate, learnerWhoWatched, rate, SET_HIDDEN } from "./reviews.fixtures.ts";

let server: TestServer;
let cast: Cast;
/** Rated 4.5 (2), 3 (1), 5 (1); one course nobody rated. */
const courses: Record<"good" | "middling" | "best" | "unrated", string> = { good: "", middling: "", best: "", unrated: "" };
beforeAll(async () => {
  // Answers kept for 5 minutes: only a change on the data change feed drops them.
  server = await startTestServer({ ...UNTHROTTLED, PUBLIC_CACHE_SECONDS: "300" });
  cast = await signUpCast(server);
  const ratings = { good: [4, 5], middling: [3], best: [5], unrated: [] as number[] };
  for (const [name, given] of Object.entries(ratings)) {
    const course = await courseToRate(server, cast.owner.accessToken);
    courses[name as keyof typeof courses] = course.courseId;
    for (const rating of given) await rate(server, (await learnerWhoWatched(server, course)).accessToken, course.courseId, rating);
  }
});
afterAll(() => server.close());

const CATALOG = /* GraphQL */ `
  query Catalog($first: Int, $after: String, $orderBy: CourseOrder) {
    courses(first: $first, after: $after, orderBy: $orderBy) {
      pageInfo { hasNextPage endCursor }
      nodes { id title rating { average count } owner { id profile { displayName } } }
    }
  }
`;
const COURSE_PAGE = /* GraphQL */ `
  query CoursePage($id: ID!) {
    course(id: $id) {
      id title rating { average count distribution }
      reviews(first: 10) { totalCount nodes { id rating text author { profile { displayName } } reply { text } } }
    }
  }
`;

const byRating = { field: "RATING", direction: "DESC" };

async function catalogIds(orderBy: unknown, first = 2): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  for (;;) {
    const page: any = await server.graphql(CATALOG, { first, after, orderBy });
    expect(page.errors).toBeUndefined();
    ids.push(...page.data.courses.nodes.map((node: { id: string }) => node.id));
    if (!page.data.courses.pageInfo.hasNextPage) return ids;
    after = page.data.courses.pageInfo.endCursor;
  }
}

it("sorts the catalog by rating, highest first, the unrated last, across pages", async () => {
  expect(await catalogIds(byRating)).toEqual([courses.best, courses.good, courses.middling, courses.unrated]);
  expect(await catalogIds({ field: "RATING", direction: "ASC" })).toEqual([courses.unrated, courses.middling, courses.good, courses.best]);
});

it("shows each card's average and count", async () => {
  const page = await server.graphql(CATALOG, { first: 10, orderBy: byRating });
  expect(page.data?.courses.nodes.map((node: any) => node.rating)).toEqual([
    { average: 5, count: 1 },
    { average: 4.5, count: 2 },
    { average: 3, count: 1 },
    { average: null, count: 0 },
  ]);
});

it("reads a catalog page with ratings in the same statements as without", async () => {
  const WITHOUT = CATALOG.replace("rating { average count } ", "");
  const count = (query: string, first: number) =>
    server.countQueries(async () => {
      // Signed in, so the kept anonymous answers are not given.
      const result = await server.graphql(query, { first, orderBy: byRating }, { token: cast.admin.accessToken });
      expect(result.data?.courses.nodes).toHaveLength(first);
    });
  expect(await count(CATALOG, 4)).toBe(await count(WITHOUT, 4));
  expect(await count(CATALOG, 2)).toBe(await count(CATALOG, 4));
});

/** The anonymous answer, and how many statements the server sent for it. */
async function measured(query: string, variables: Record<string, unknown>) {
  let data: any;
  const statements = await server.countQueries(async () => {
    data = (await server.graphql(query, variables)).data;
  });
  return { statements, data };
}

/** Waits until the anonymous answer is kept: asked again, it costs no SQL. */
const kept = (query: string, variables: Record<string, unknown>) =>
  waitUntil("the anonymous answer to be kept", async () => (await measured(query, variables)).statements === 0);

it("drops the kept catalog and course page when a review changes the rating, and when one is hidden", async () => {
  const catalogVariables = { first: 10, orderBy: byRating };
  await kept(CATALOG, catalogVariables);
  await kept(COURSE_PAGE, { id: courses.unrated });
  const unratedCard = (data: any) => data.courses.nodes.find((node: { id: string }) => node.id === courses.unrated);
  expect(unratedCard((await measured(CATALOG, catalogVariables)).data).rating).toEqual({ average: null, count: 0 });

  const course = { courseId: courses.unrated, videoIds: [] as string[] };
  const videos = await server.graphql(`query ($id: ID!) { course(id: $id) { videos { id } } }`, { id: courses.unrated });
  course.videoIds = videos.data!.course.videos.map((video: { id: string }) => video.id);
  const review = await rate(server, (await learnerWhoWatched(server, course)).accessToken, courses.unrated, 5, "Now rated.");

  await waitUntil("the kept catalog to show the new rating", async () => unratedCard((await measured(CATALOG, catalogVariables)).data).rating.count === 1);
  const catalog = (await measured(CATALOG, catalogVariables)).data;
  expect(unratedCard(catalog).rating).toEqual({ average: 5, count: 1 });
  // Re-sorted: 5.0 with one rating ties the best; ties go by id, newest first.
  expect(catalog.courses.nodes.slice(0, 2).map((node: { id: string }) => node.id).sort()).toEqual([courses.best, courses.unrated].sort());
  await waitUntil("the kept course page to show the review", async () => (await measured(COURSE_PAGE, { id: courses.unrated })).data.course.reviews.totalCount === 1);
  expect((await measured(COURSE_PAGE, { id: courses.unrated })).data.course).toMatchObject({
    rating: { average: 5, count: 1, distribution: [0, 0, 0, 0, 1] },
    reviews: { nodes: [{ id: review.id, rating: 5, text: "Now rated." }] },
  });

  // An admin hides it: the rating goes back to none in the kept answers too.
  await kept(COURSE_PAGE, { id: courses.unrated });
  const hidden = await server.graphql(SET_HIDDEN, { reviewId: review.id, hidden: true, reason: "Spam." }, { token: cast.admin.accessToken });
  expect(hidden.errors).toBeUndefined();
  await waitUntil("the kept course page to drop the hidden review", async () => (await measured(COURSE_PAGE, { id: courses.unrated })).data.course.reviews.totalCount === 0);
  expect((await measured(COURSE_PAGE, { id: courses.unrated })).data.course.rating).toEqual({ average: null, count: 0, distribution: [0, 0, 0, 0, 0] });
});

it("keeps another course's page through a review of this one", async () => {
  await kept(COURSE_PAGE, { id: courses.middling });
  await kept(COURSE_PAGE, { id: courses.good });
  const videos = await server.graphql(`query ($id: ID!) { course(id: $id) { videos { id } } }`, { id: courses.good });
  const good = { courseId: courses.good, videoIds: videos.data!.course.videos.map((video: { id: string }) => video.id) };
  await rate(server, (await learnerWhoWatched(server, good)).accessToken, courses.good, 1);
  // The change has been heard once the kept page of the rated course shows it.
  await waitUntil("the rated course's page to change", async () => (await measured(COURSE_PAGE, { id: courses.good })).data.course.rating.count === 3);
  expect((await measured(COURSE_PAGE, { id: courses.middling })).statements).toBe(0);
});
