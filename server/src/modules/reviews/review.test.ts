// Rating, reviewing, replying and hiding through the public API, checked against the database
// after every refusal (nothing written) and the aggregates against plain SQL.
import { startTestServer, type TestServer, UNTHROTTLED } from "../../../test/support/test-server.ts";
import { databaseId } from "../../../test/support/ids.ts";
import { type Cast, signUp, signUpCast, tokenOf } from "../identity/identity.fixtures.ts";
import { addCoInstructor } from "../catalog/catalog.fixtures.ts";
import { setEnrollmentStatus } from "../learning/learning.fixtures.ts";
import {
  COURSE_REVIEWS,
  courseToRate,
  DELETE_REVIEW,
  EDIT_REPLY,
  learnerWhoWatched,
  rate,
  REPLY,
  SET_HIDDEN,
  UPSERT_REVIEW,
  VIEWER_REVIEW,
} from "./reviews.fixtures.ts";

let server: TestServer;
let cast: Cast;
beforeAll(async () => {
  server = await startTestServer(UNTHROTTLED);
  cast = await signUpCast(server);
});
afterAll(() => server.close());

type Course = { courseId: string; videoIds: string[] };

const reviewRows = (course: Course) => server.db.courseReview.findMany({ where: { courseId: databaseId(course.courseId) }, orderBy: { createdAt: "asc" } });

/** The catalog's row of the course: its rating totals. */
const ratingColumns = (course: Course) =>
  server.db.course.findUniqueOrThrow({ where: { id: databaseId(course.courseId) }, select: { ratingSum: true, ratingCount: true } });

/** The course's rating as plain SQL counts it from the visible reviews. */
async function ratingBySql(course: Course) {
  const [row] = await server.db.$queryRaw<{ average: number | null; count: number; distribution: number[] }[]>`
    SELECT round(avg(rating)::numeric, 1)::float8 AS average, count(*)::int AS count,
           ARRAY[count(*) FILTER (WHERE rating = 1), count(*) FILTER (WHERE rating = 2), count(*) FILTER (WHERE rating = 3),
                 count(*) FILTER (WHERE rating = 4), count(*) FILTER (WHERE rating = 5)]::int[] AS distribution
    FROM course_reviews r WHERE course_id = ${databaseId(course.courseId)}::uuid AND hidden_at IS NULL`;
  return row;
}

async function publicRating(course: Course) {
  const result = await server.graphql(COURSE_REVIEWS, { id: course.courseId });
  expect(result.errors).toBeUndefined();
  return result.data!.course.rating;
}

describe("who may rate", () => {
  it("refuses a learner not enrolled, and writes nothing", async () => {
    const course = await courseToRate(server, cast.owner.accessToken);
    const stranger = await signUp(server);
    const result = await server.graphql(UPSERT_REVIEW, { input: { courseId: course.courseId, rating: 5 } }, { token: stranger.accessToken });
    expect(result.errors?.[0].extensions).toMatchObject({ code: "FORBIDDEN", reason: "REVIEW_NEEDS_ENROLLMENT" });
    expect(result.errors?.[0].message).toBe("Only learners enrolled in this course may rate it.");
    expect(await reviewRows(course)).toEqual([]);
    expect(await ratingColumns(course)).toEqual({ ratingSum: 0, ratingCount: 0 });
  });

  it("refuses an enrolled learner who watched less than a tenth of the course, and writes nothing", async () => {
    const course = await courseToRate(server, cast.owner.accessToken, [100, 100]);
    // 19 s of 200 s: under 10 %, and no video watched to the end.
    const learner = await learnerWhoWatched(server, course, 19);
    const viewer = await server.graphql(VIEWER_REVIEW, { id: course.courseId }, { token: learner.accessToken });
    expect(viewer.data?.course).toMatchObject({ viewerCanReview: false, viewerReview: null });
    const result = await server.graphql(UPSERT_REVIEW, { input: { courseId: course.courseId, rating: 4 } }, { token: learner.accessToken });
    expect(result.errors?.[0].extensions).toMatchObject({ code: "FORBIDDEN", reason: "REVIEW_NEEDS_WATCHING" });
    expect(result.errors?.[0].message).toMatch(/^Watch at least 10% of this course, or one of its videos to the end, before rating it\.$/);
    expect(await reviewRows(course)).toEqual([]);
  });

  it("refuses a learner who enrolled and watched nothing", async () => {
    const course = await courseToRate(server, cast.owner.accessToken);
    const learner = await learnerWhoWatched(server, course, 0);
    const result = await server.graphql(UPSERT_REVIEW, { input: { courseId: course.courseId, rating: 4 } }, { token: learner.accessToken });
    expect(result.errors?.[0].extensions.reason).toBe("REVIEW_NEEDS_WATCHING");
    expect(await reviewRows(course)).toEqual([]);
  });

  it("lets a learner who watched a tenth rate, and says so beforehand", async () => {
    const course = await courseToRate(server, cast.owner.accessToken, [100, 100]);
    const learner = await learnerWhoWatched(server, course, 20);
    const viewer = await server.graphql(VIEWER_REVIEW, { id: course.courseId }, { token: learner.accessToken });
    expect(viewer.data?.course.viewerCanReview).toBe(true);
    const review = await rate(server, learner.accessToken, course.courseId, 4, "  Good pace.\n\tClear examples.  ");
    expect(review).toMatchObject({ rating: 4, text: "Good pace.\n\tClear examples.", edited: false, hidden: false, reply: null });
    expect(review.author).toEqual({ id: learner.id, profile: { displayName: "Test User", avatarUrl: null } });
    expect(await reviewRows(course)).toHaveLength(1);
  });

  it("refuses a learner whose enrollment was revoked", async () => {
    const course = await courseToRate(server, cast.owner.accessToken);
    const learner = await learnerWhoWatched(server, course, 50);
    await setEnrollmentStatus(server, databaseId(learner.enrollmentId), "REVOKED");
    const result = await server.graphql(UPSERT_REVIEW, { input: { courseId: course.courseId, rating: 4 } }, { token: learner.accessToken });
    expect(result.errors?.[0].extensions).toMatchObject({ code: "FORBIDDEN", reason: "REVIEW_NEEDS_ENROLLMENT" });
    expect(await reviewRows(course)).toEqual([]);
  });

  it("refuses anonymous visitors and API keys", async () => {
    const course = await courseToRate(server, cast.owner.accessToken);
    const anonymous = await server.graphql(UPSERT_REVIEW, { input: { courseId: course.courseId, rating: 4 } });
    expect(anonymous.errors?.[0].extensions.code).toBe("UNAUTHENTICATED");
    const key = await server.graphql(UPSERT_REVIEW, { input: { courseId: course.courseId, rating: 4 } }, { token: tokenOf(cast, "ownerKey") });
    expect(key.errors?.[0].extensions.code).toBe("FORBIDDEN");
    expect(await reviewRows(course)).toEqual([]);
  });
});

describe("bad input", () => {
  let course: Course;
  let token: string;
  beforeAll(async () => {
    course = await courseToRate(server, cast.owner.accessToken);
    token = (await learnerWhoWatched(server, course)).accessToken;
  });

  it.each([
    ["rating 0", { rating: 0 }, "rating"],
    ["rating 6", { rating: 6 }, "rating"],
    ["text over 5,000 characters", { rating: 3, text: "x".repeat(5_001) }, "text"],
    ["a control character in the text", { rating: 3, text: "bad \u0007 bell" }, "text"],
    ["a NUL in the text", { rating: 3, text: "nul \u0000" }, "text"],
    ["a forged course id", { rating: 3, courseId: "not-an-id" }, "courseId"],
  ])("refuses %s naming the field, and writes nothing", async (_name, input, field) => {
    const result = await server.graphql(UPSERT_REVIEW, { input: { courseId: course.courseId, ...input } }, { token });
    expect(result.errors?.[0].extensions.code).toBe("BAD_USER_INPUT");
    expect(Object.keys(result.errors?.[0].extensions.fields ?? {})).toEqual([field]);
    expect(await reviewRows(course)).toEqual([]);
  });

  it("refuses a rating that is not a whole number, and writes nothing", async () => {
    const result = await server.graphql(UPSERT_REVIEW, { input: { courseId: course.courseId, rating: 4.5 } }, { token });
    expect(result.errors?.[0].extensions.code).toBe("BAD_USER_INPUT");
    expect(result.errors?.[0].message).toMatch(/rating/);
    expect(await reviewRows(course)).toEqual([]);
  });

  it("takes exactly 5,000 characters, and an empty text as none", async () => {
    const long = await rate(server, token, course.courseId, 3, `${"y".repeat(5_000)}   `);
    expect(long.text).toHaveLength(5_000);
    const none = await rate(server, token, course.courseId, 3, "   ");
    expect(none.text).toBeNull();
    await server.graphql(DELETE_REVIEW, { courseId: course.courseId }, { token });
    expect(await reviewRows(course)).toEqual([]);
  });

  it("refuses a forged cursor of the reviews list", async () => {
    const result = await server.graphql(COURSE_REVIEWS, { id: course.courseId, after: "eyJ4IjoxfQ.forged" });
    expect(result.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", fields: { after: "is not a valid cursor" } });
  });

  it("refuses a forged review id for a reply and for hiding", async () => {
    const reply = await server.graphql(REPLY, { reviewId: "forged", text: "Hi" }, { token: cast.owner.accessToken });
    expect(reply.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", fields: { reviewId: expect.any(String) } });
    const hide = await server.graphql(SET_HIDDEN, { reviewId: "forged", hidden: true, reason: "x" }, { token: cast.admin.accessToken });
    expect(hide.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", fields: { reviewId: expect.any(String) } });
  });
});

describe("one review per learner", () => {
  it("edits the review when the learner rates again: updatedAt moves and it says edited", async () => {
    const course = await courseToRate(server, cast.owner.accessToken);
    const learner = await learnerWhoWatched(server, course);
    const first = await rate(server, learner.accessToken, course.courseId, 2, "Too fast.");
    const second = await rate(server, learner.accessToken, course.courseId, 4, "Better on a second look.");
    expect(second).toMatchObject({ id: first.id, rating: 4, text: "Better on a second look.", edited: true, createdAt: first.createdAt });
    expect(new Date(second.updatedAt).getTime()).toBeGreaterThan(new Date(first.updatedAt).getTime());
    expect(await reviewRows(course)).toHaveLength(1);
    expect(await ratingColumns(course)).toEqual({ ratingSum: 4, ratingCount: 1 });
  });

  it("leaves one row after a race of two first ratings", async () => {
    const course = await courseToRate(server, cast.owner.accessToken);
    const learner = await learnerWhoWatched(server, course);
    const results = await Promise.all(
      [3, 5].map((rating) => server.graphql(UPSERT_REVIEW, { input: { courseId: course.courseId, rating } }, { token: learner.accessToken })),
    );
    expect(results.map((result) => result.errors)).toEqual([undefined, undefined]);
    const rows = await reviewRows(course);
    expect(rows).toHaveLength(1);
    const { ratingSum, ratingCount } = await ratingColumns(course);
    expect({ ratingSum, ratingCount }).toEqual({ ratingSum: rows[0].rating, ratingCount: 1 });
  });

  it("deletes the author's own review only, and recounts", async () => {
    const course = await courseToRate(server, cast.owner.accessToken);
    const learner = await learnerWhoWatched(server, course);
    await rate(server, learner.accessToken, course.courseId, 5);
    const other = await server.graphql(DELETE_REVIEW, { courseId: course.courseId }, { token: cast.student.accessToken });
    expect(other.errors?.[0].extensions.code).toBe("NOT_FOUND");
    expect(await reviewRows(course)).toHaveLength(1);
    const own = await server.graphql(DELETE_REVIEW, { courseId: course.courseId }, { token: learner.accessToken });
    expect(own.data?.deleteCourseReview).toBe(true);
    expect(await reviewRows(course)).toEqual([]);
    expect(await ratingColumns(course)).toEqual({ ratingSum: 0, ratingCount: 0 });
    expect(await publicRating(course)).toEqual({ average: null, count: 0, distribution: [0, 0, 0, 0, 0] });
  });
});

describe("the course team's reply", () => {
  it("lets the owner reply once and edit it; a second reply is refused", async () => {
    const course = await courseToRate(server, cast.owner.accessToken);
    const learner = await learnerWhoWatched(server, course);
    const review = await rate(server, learner.accessToken, course.courseId, 3, "Audio is quiet.");
    const reply = await server.graphql(REPLY, { reviewId: review.id, text: "Thanks, we re-recorded lesson 2." }, { token: cast.owner.accessToken });
    expect(reply.data?.replyToCourseReview.reply).toMatchObject({ text: "Thanks, we re-recorded lesson 2.", edited: false, author: { id: cast.owner.id } });
    const second = await server.graphql(REPLY, { reviewId: review.id, text: "Another." }, { token: cast.owner.accessToken });
    expect(second.errors?.[0].extensions).toMatchObject({ code: "CONFLICT", reason: "REVIEW_ALREADY_REPLIED" });
    const edited = await server.graphql(EDIT_REPLY, { reviewId: review.id, text: "Thanks, lesson 2 is re-recorded." }, { token: cast.owner.accessToken });
    expect(edited.data?.editCourseReviewReply.reply).toMatchObject({ text: "Thanks, lesson 2 is re-recorded.", edited: true });
    const [row] = await reviewRows(course);
    expect(row.replyText).toBe("Thanks, lesson 2 is re-recorded.");
    // The public list shows it under the review.
    const list = await server.graphql(COURSE_REVIEWS, { id: course.courseId });
    expect(list.data?.course.reviews.nodes[0].reply.text).toBe("Thanks, lesson 2 is re-recorded.");
  });

  it("lets a co-instructor reply, and refuses other people with a reason, writing nothing", async () => {
    const course = await courseToRate(server, cast.owner.accessToken);
    await addCoInstructor(server, cast.owner.accessToken, course.courseId, cast.coInstructor.id);
    const learner = await learnerWhoWatched(server, course);
    const review = await rate(server, learner.accessToken, course.courseId, 4);
    for (const person of [cast.otherInstructor, cast.admin, learner]) {
      const refused = await server.graphql(REPLY, { reviewId: review.id, text: "Not mine to answer." }, { token: person.accessToken });
      expect(refused.errors?.[0].extensions).toMatchObject({ code: "FORBIDDEN", reason: "NOT_COURSE_TEACHER" });
    }
    expect((await reviewRows(course))[0].replyText).toBeNull();
    const reply = await server.graphql(REPLY, { reviewId: review.id, text: "Thank you!" }, { token: cast.coInstructor.accessToken });
    expect(reply.data?.replyToCourseReview.reply.author.id).toBe(cast.coInstructor.id);
  });

  it("refuses an empty reply naming the field", async () => {
    const course = await courseToRate(server, cast.owner.accessToken);
    const learner = await learnerWhoWatched(server, course);
    const review = await rate(server, learner.accessToken, course.courseId, 4);
    const result = await server.graphql(REPLY, { reviewId: review.id, text: "  " }, { token: cast.owner.accessToken });
    expect(result.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", fields: { text: "must not be empty" } });
    expect((await reviewRows(course))[0].replyText).toBeNull();
  });
});

describe("hiding", () => {
  it("takes a hidden review out of the public list and the rating; its author still sees it, marked", async () => {
    const course = await courseToRate(server, cast.owner.accessToken);
    const kind = await learnerWhoWatched(server, course);
    const abusive = await learnerWhoWatched(server, course);
    await rate(server, kind.accessToken, course.courseId, 5, "Loved it.");
    const bad = await rate(server, abusive.accessToken, course.courseId, 1, "Rude words.");
    expect(await publicRating(course)).toEqual({ average: 3, count: 2, distribution: [1, 0, 0, 0, 1] });

    const refused = await server.graphql(SET_HIDDEN, { reviewId: bad.id, hidden: true, reason: "Abuse." }, { token: cast.owner.accessToken });
    expect(refused.errors?.[0].extensions.code).toBe("FORBIDDEN");
    const noReason = await server.graphql(SET_HIDDEN, { reviewId: bad.id, hidden: true }, { token: cast.admin.accessToken });
    expect(noReason.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", fields: { reason: expect.any(String) } });
    expect((await reviewRows(course)).every((row) => row.hiddenAt === null)).toBe(true);

    const hidden = await server.graphql(SET_HIDDEN, { reviewId: bad.id, hidden: true, reason: "Abusive language." }, { token: cast.admin.accessToken });
    expect(hidden.data?.setCourseReviewHidden).toMatchObject({ hidden: true, hiddenReason: "Abusive language." });
    expect(await publicRating(course)).toEqual({ average: 5, count: 1, distribution: [0, 0, 0, 0, 1] });
    expect(await publicRating(course)).toEqual(await ratingBySql(course));
    const anonymous = await server.graphql(COURSE_REVIEWS, { id: course.courseId });
    expect(anonymous.data?.course.reviews.nodes.map((node: { id: string }) => node.id)).not.toContain(bad.id);
    expect(anonymous.data?.course.reviews.totalCount).toBe(1);
    const author = await server.graphql(VIEWER_REVIEW, { id: course.courseId }, { token: abusive.accessToken });
    expect(author.data?.course.viewerReview).toMatchObject({ id: bad.id, hidden: true, hiddenReason: "Abusive language." });
    // Admins see it in the list, marked, to show it again.
    const admin = await server.graphql(COURSE_REVIEWS, { id: course.courseId }, { token: cast.admin.accessToken });
    expect(admin.data?.course.reviews.nodes).toEqual(expect.arrayContaining([expect.objectContaining({ id: bad.id, hidden: true })]));

    const shown = await server.graphql(SET_HIDDEN, { reviewId: bad.id, hidden: false }, { token: cast.admin.accessToken });
    expect(shown.data?.setCourseReviewHidden).toMatchObject({ hidden: false, hiddenReason: null });
    expect(await publicRating(course)).toEqual({ average: 3, count: 2, distribution: [1, 0, 0, 0, 1] });
  });
});

describe("the rating", () => {
  it("answers the average (one decimal), count and distribution exactly as plain SQL counts them", async () => {
    const course = await courseToRate(server, cast.owner.accessToken);
    const ratings = [5, 4, 4, 3, 5, 2, 4];
    for (const rating of ratings) await rate(server, (await learnerWhoWatched(server, course)).accessToken, course.courseId, rating);
    const rating = await publicRating(course);
    expect(rating).toEqual({ average: 3.9, count: 7, distribution: [0, 1, 1, 3, 2] });
    expect(rating).toEqual(await ratingBySql(course));
    expect(await ratingColumns(course)).toEqual({ ratingSum: 27, ratingCount: 7 });
  });

  it("pages through the reviews in each order without repeats, and a cursor only fits its own order", async () => {
    const course = await courseToRate(server, cast.owner.accessToken);
    for (const rating of [3, 5, 1, 5, 2]) await rate(server, (await learnerWhoWatched(server, course)).accessToken, course.courseId, rating);
    const read = async (orderBy: string) => {
      const seen: { rating: number; createdAt: string }[] = [];
      let after: string | null = null;
      for (;;) {
        const page: any = await server.graphql(COURSE_REVIEWS, { id: course.courseId, first: 2, after, orderBy });
        expect(page.errors).toBeUndefined();
        seen.push(...page.data.course.reviews.nodes);
        if (!page.data.course.reviews.pageInfo.hasNextPage) return { seen, last: page.data.course.reviews.pageInfo.endCursor };
        after = page.data.course.reviews.pageInfo.endCursor;
      }
    };
    const newest = await read("NEWEST");
    expect(newest.seen.map((review) => review.rating)).toEqual([2, 5, 1, 5, 3]);
    expect((await read("HIGHEST")).seen.map((review) => review.rating)).toEqual([5, 5, 3, 2, 1]);
    expect((await read("LOWEST")).seen.map((review) => review.rating)).toEqual([1, 2, 3, 5, 5]);
    const wrongOrder = await server.graphql(COURSE_REVIEWS, { id: course.courseId, after: newest.last, orderBy: "HIGHEST" });
    expect(wrongOrder.errors?.[0].extensions.code).toBe("BAD_USER_INPUT");
  });

  it("reads a page of reviews with their authors and replies in a fixed number of statements", async () => {
    const course = await courseToRate(server, cast.owner.accessToken);
    for (let i = 0; i < 12; i++) {
      const review = await rate(server, (await learnerWhoWatched(server, course)).accessToken, course.courseId, 1 + (i % 5), `Review ${i}`);
      if (i % 2 === 0) await server.graphql(REPLY, { reviewId: review.id, text: "Thanks!" }, { token: cast.owner.accessToken });
    }
    const statementsFor = async (first: number) =>
      server.countQueries(async () => {
        const result = await server.graphql(COURSE_REVIEWS, { id: course.courseId, first });
        expect(result.data?.course.reviews.nodes).toHaveLength(first);
      });
    const three = await statementsFor(3);
    const twelve = await statementsFor(12);
    expect(twelve).toBe(three);
    console.log(`reviews page statements: ${three} for 3 reviews, ${twelve} for 12`);
    // The course; its reviews and their count; the distribution; the authors and repliers; their profiles.
    expect(twelve).toBe(6);
  });
});
