// Every figure courseAnalytics answers (from the rollups, which runs keep up with the events)
// equals the same figure computed by a plain SQL query over the raw events, on randomized events:
// several learners and the course's team, every type, resends of the same (viewer, clientEventId)
// with other content, events of past days arriving after newer ones (moving viewers to an earlier
// cohort), concurrent batches, rollup runs in between. The seed is printed
// (ANALYTICS_TEST_SEED=<seed> replays a run).
import { randomUUID } from "node:crypto";
import { prng } from "../../../../prisma/seed-analytics.ts";
import { databaseId } from "../../../test/support/ids.ts";
import { startTestServer, UNTHROTTLED, type TestServer } from "../../../test/support/test-server.ts";
import { signUpCast, type Cast } from "../identity/identity.fixtures.ts";
import { courseToLearn } from "../learning/learning.fixtures.ts";
import { exactDurations } from "../media/index.ts";
import { COURSE_ANALYTICS, rolledUp } from "./analytics.fixtures.ts";
import { rebuildRollups } from "./analytics-rollups.ts";
import { appendEvents, type StoredEvent, type StoredEventType } from "./analytics-store.ts";
import { CONFUSION_WEIGHTS } from "./confusion-score.ts";

const SEED = Number(process.env.ANALYTICS_TEST_SEED ?? Date.now() % 2 ** 31);
const DAY_MS = 86_400_000;
const DURATIONS = [40, 75.5, 120];

let server: TestServer;
let cast: Cast;
beforeAll(async () => {
  server = await startTestServer({ ...UNTHROTTLED, LOG_LEVEL: "error" }, { logTo: process.stderr as never });
  cast = await signUpCast(server);
});
afterAll(() => server.close());

it("answers from the rollups exactly what the raw events say", async () => {
  console.log(`rollups-versus-raw seed: ${SEED}`);
  const random = prng(SEED);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const round = (value: number) => Math.round(value * 10) / 10;
  const { courseId: courseGlobalId, videoIds: videoGlobalIds } = await courseToLearn(server, cast.owner.accessToken, DURATIONS);
  const courseId = databaseId(courseGlobalId);
  const videos = videoGlobalIds.map((id, index) => ({ id: databaseId(id), duration: DURATIONS[index] }));
  const otherCourseId = randomUUID();
  const otherVideoId = randomUUID();
  const learners = Array.from({ length: 12 }, () => randomUUID());
  const team = [randomUUID(), randomUUID()];
  const now = Date.now();

  const types: StoredEventType[] = [
    "COURSE_VIEW", "VIDEO_PLAY", "VIDEO_PAUSE", "VIDEO_SEEK", "VIDEO_ENDED", "VIDEO_HEARTBEAT", "VIDEO_RATE_CHANGE", "CONFUSED",
    "ENROLLED", "COMPLETED", "PROGRESS", "PROGRESS", "PAYMENT", "REFUND", "TUTOR_QUESTION", "QUIZ_WRONG_ANSWER",
  ];
  function randomEvent(): StoredEvent {
    const type = pick(types);
    const video = pick(videos);
    const onVideo = type.startsWith("VIDEO_") || ["CONFUSED", "PROGRESS", "QUIZ_WRONG_ANSWER"].includes(type) || (type === "TUTOR_QUESTION" && random() < 0.8);
    const isTeam = random() < 0.1;
    const ranges: [number, number][] = [];
    if (type === "PROGRESS") {
      for (let count = 1 + Math.floor(random() * 3); count > 0; count -= 1) {
        const start = round(random() * video.duration);
        ranges.push([start, round(Math.min(video.duration, start + random() * 40))]);
      }
    }
    const elsewhere = random() < 0.05;
    return {
      userId: isTeam ? pick(team) : pick(learners),
      clientEventId: randomUUID(),
      type,
      courseId: elsewhere ? otherCourseId : courseId,
      videoId: onVideo ? (elsewhere ? otherVideoId : video.id) : null,
      positionSeconds: onVideo && type !== "PROGRESS" ? round(random() * video.duration) : null,
      fromPositionSeconds: type === "VIDEO_SEEK" ? round(random() * video.duration) : null,
      playbackRate: type === "VIDEO_RATE_CHANGE" ? pick([0.5, 1, 1.5, 2]) : null,
      // Within the last 20 days; the batches are shuffled, so older days keep arriving after newer ones.
      occurredAt: new Date(now - random() * 20 * DAY_MS),
      learner: !isTeam,
      detail: type === "PROGRESS" ? { ranges } : type === "PAYMENT" || type === "REFUND" ? { cents: 100 + Math.floor(random() * 5000) } : null,
    };
  }
  const events = Array.from({ length: 2500 }, randomEvent);
  // Resends: the same viewer and client id, sometimes with other content (which must be ignored).
  const resends = Array.from({ length: 400 }, () => {
    const original = pick(events);
    return random() < 0.5 ? original : { ...randomEvent(), userId: original.userId, clientEventId: original.clientEventId };
  });
  const all = [...events, ...resends].sort(() => random() - 0.5);
  const batches: StoredEvent[][] = [];
  for (let index = 0; index < all.length; ) {
    const size = 1 + Math.floor(random() * 150);
    batches.push(all.slice(index, index + size));
    index += size;
  }
  let stored = 0;
  for (let index = 0; index < batches.length; index += 4) {
    const results = await Promise.all(batches.slice(index, index + 4).map((batch) => appendEvents(server.db, batch)));
    stored += results.reduce((sum, byCourse) => sum + [...byCourse.values()].reduce((a, b) => a + b, 0), 0);
    if (random() < 0.3) await rolledUp(server);
  }
  await rolledUp(server);
  const distinctKeys = new Set(all.map((event) => `${event.userId}/${event.clientEventId}`)).size;
  expect(stored).toBe(distinctKeys);
  expect(await server.db.analyticsEvent.count({ where: { courseId: { in: [courseId, otherCourseId] } } })).toBe(distinctKeys);

  const from = new Date(now - 21 * DAY_MS);
  const to = new Date(now + 60_000);
  const answer = await server.graphql(COURSE_ANALYTICS, { courseId: courseGlobalId, from: from.toISOString(), to: to.toISOString() }, { token: cast.owner.accessToken });
  expect(answer.errors).toBeUndefined();
  const figures = answer.data!.courseAnalytics;

  // The plain queries: learners' events of the course in the range's UTC days, read raw.
  const firstDay = from.toISOString().slice(0, 10);
  const lastDay = new Date(to.getTime() - 1).toISOString().slice(0, 10);
  const raw = `(SELECT e.*, (e.occurred_at AT TIME ZONE 'UTC')::date AS day FROM analytics_events e
    WHERE e.learner AND e.course_id = '${courseId}' AND (e.occurred_at AT TIME ZONE 'UTC')::date BETWEEN '${firstDay}' AND '${lastDay}')`;
  const rangeLength = `(SELECT coalesce(sum((r->>1)::float8 - (r->>0)::float8), 0) FROM jsonb_array_elements(detail->'ranges') r)`;
  const daily = await server.db.$queryRawUnsafe<{ date: string; enrollments: number; completions: number; activeLearners: number; watch: number; revenue: number }[]>(`
    SELECT to_char(day, 'YYYY-MM-DD') AS date,
      count(*) FILTER (WHERE type = 'ENROLLED')::int AS enrollments, count(*) FILTER (WHERE type = 'COMPLETED')::int AS completions,
      count(DISTINCT user_id) FILTER (WHERE type NOT IN ('ENROLLED', 'COMPLETED', 'PAYMENT', 'REFUND'))::int AS "activeLearners",
      coalesce(sum(${rangeLength}) FILTER (WHERE type = 'PROGRESS'), 0)::float8 AS watch,
      (coalesce(sum((detail->>'cents')::int) FILTER (WHERE type = 'PAYMENT'), 0) - coalesce(sum((detail->>'cents')::int) FILTER (WHERE type = 'REFUND'), 0))::int AS revenue
    FROM ${raw} e GROUP BY day`);
  const rawDay = new Map(daily.map((day) => [day.date, day]));
  for (const day of figures.daily) {
    const expected = rawDay.get(day.date) ?? { enrollments: 0, completions: 0, activeLearners: 0, watch: 0, revenue: 0 };
    expect({ ...day, watchTimeSeconds: Math.round(day.watchTimeSeconds * 1e6) }).toEqual({
      date: day.date,
      enrollments: expected.enrollments,
      completions: expected.completions,
      activeLearners: expected.activeLearners,
      watchTimeSeconds: Math.round(expected.watch * 1e6),
      revenueCents: expected.revenue,
    });
  }
  expect(figures.daily.reduce((sum: number, day: { enrollments: number }) => sum + day.enrollments, 0)).toBeGreaterThan(0);
  const [totals] = await server.db.$queryRawUnsafe<{ activeLearners: number }[]>(`
    SELECT count(DISTINCT user_id)::int AS "activeLearners" FROM ${raw} e WHERE type NOT IN ('ENROLLED', 'COMPLETED', 'PAYMENT', 'REFUND')`);
  expect(figures.activeLearners).toBe(totals.activeLearners);
  expect(figures.enrollments).toBe(daily.reduce((sum, day) => sum + day.enrollments, 0));
  expect(figures.revenueCents).toBe(daily.reduce((sum, day) => sum + day.revenue, 0));

  // A viewer's cohort is the day of their first event on the video (of all time); their watched
  // seconds are the union of all their reports (of all time).
  const everRaw = `(SELECT e.*, (e.occurred_at AT TIME ZONE 'UTC')::date AS day FROM analytics_events e WHERE e.learner AND e.course_id = '${courseId}')`;
  const unionsOf = (videoId: string) => `(SELECT user_id, min(day) AS first_day,
      coalesce(range_agg(numrange((r->>0)::numeric, (r->>1)::numeric)) FILTER (WHERE r IS NOT NULL), '{}') AS watched
    FROM ${everRaw} e LEFT JOIN LATERAL jsonb_array_elements(CASE WHEN type = 'PROGRESS' THEN detail->'ranges' END) r ON true
    WHERE video_id = '${videoId}' AND type NOT IN ('TUTOR_QUESTION', 'QUIZ_WRONG_ANSWER') GROUP BY user_id)`;
  const measure = (multirange: string) => `(SELECT coalesce(sum(upper(r) - lower(r)), 0) FROM unnest(${multirange}) r)::float8`;
  const courseSeconds = DURATIONS.reduce((sum, duration) => sum + duration, 0);
  const [progress] = await server.db.$queryRawUnsafe<{ average: number }[]>(`
    SELECT coalesce(avg(least(1, seconds / ${courseSeconds}) * 100), 0)::float8 AS average FROM (
      SELECT a.user_id, coalesce(sum(least(v.duration, ${measure("u.watched")})), 0) AS seconds
      FROM (SELECT DISTINCT user_id FROM ${raw} e WHERE type NOT IN ('ENROLLED', 'COMPLETED', 'PAYMENT', 'REFUND')) a
        CROSS JOIN (VALUES ${videos.map((video) => `('${video.id}'::uuid, ${video.duration}::float8)`).join(", ")}) AS v(id, duration)
        LEFT JOIN LATERAL (
          SELECT coalesce(range_agg(numrange((r->>0)::numeric, (r->>1)::numeric)), '{}') AS watched
          FROM ${everRaw} e, jsonb_array_elements(e.detail->'ranges') r WHERE e.type = 'PROGRESS' AND e.video_id = v.id AND e.user_id = a.user_id
        ) u ON true
      GROUP BY a.user_id) AS learners`);
  expect(figures.averageProgressPercent).toBeCloseTo(progress.average, 6);

  for (const video of videos) {
    const shown = figures.videos.find((view: { video: { id: string } }) => databaseId(view.video.id) === video.id);
    const ofVideo = `(SELECT * FROM ${raw} e WHERE video_id = '${video.id}')`;
    const [activity] = await server.db.$queryRawUnsafe<{ views: number; watch: number }[]>(`
      SELECT count(DISTINCT (user_id, day)) FILTER (WHERE type = 'VIDEO_PLAY')::int AS views,
        coalesce(sum(${rangeLength}) FILTER (WHERE type = 'PROGRESS'), 0)::float8 AS watch
      FROM ${ofVideo} e`);
    expect(shown.views).toBe(activity.views);
    expect(shown.watchTimeSeconds).toBeCloseTo(activity.watch, 6);
    const cohort = `(SELECT * FROM ${unionsOf(video.id)} u WHERE first_day BETWEEN '${firstDay}' AND '${lastDay}')`;
    const [watched] = await server.db.$queryRawUnsafe<{ unique: number; average: number; completion: number }[]>(`
      SELECT count(*)::int AS unique, coalesce(avg(least(1, m / ${video.duration}) * 100), 0)::float8 AS average,
        coalesce(avg((least(m, ${video.duration}) >= 0.9 * ${video.duration})::int), 0)::float8 AS completion
      FROM (SELECT ${measure("watched")} AS m FROM ${cohort} u) AS measured`);
    expect(shown.uniqueViewers).toBe(watched.unique);
    expect(shown.averagePercentWatched).toBeCloseTo(watched.average, 6);
    expect(shown.completionRate).toBeCloseTo(watched.completion, 6);
    // A second counts when the union holds its middle.
    const retention = await server.db.$queryRawUnsafe<{ second: number; viewers: number }[]>(`
      SELECT s AS second, count(u.user_id)::int AS viewers
      FROM generate_series(0, ${Math.ceil(video.duration) - 1}) s LEFT JOIN ${cohort} u ON u.watched @> (s + 0.5)::numeric
      GROUP BY s ORDER BY s`);
    expect(shown.retention.map((point: { viewers: number }) => Math.round(point.viewers * watched.unique))).toEqual(retention.map((point) => point.viewers));
    const buckets = await server.db.$queryRawUnsafe<{ startSeconds: number; rewinds: number; pauses: number; confusedFlags: number; tutorQuestions: number; wrongAnswers: number }[]>(`
      SELECT (floor(position_seconds / 5) * 5)::int AS "startSeconds",
        count(*) FILTER (WHERE type = 'VIDEO_SEEK' AND from_position_seconds > position_seconds)::int AS rewinds,
        count(*) FILTER (WHERE type = 'VIDEO_PAUSE')::int AS pauses, count(*) FILTER (WHERE type = 'CONFUSED')::int AS "confusedFlags",
        count(*) FILTER (WHERE type = 'TUTOR_QUESTION')::int AS "tutorQuestions", count(*) FILTER (WHERE type = 'QUIZ_WRONG_ANSWER')::int AS "wrongAnswers"
      FROM ${ofVideo} e WHERE position_seconds IS NOT NULL
      GROUP BY 1 HAVING count(*) FILTER (WHERE type IN ('VIDEO_PAUSE', 'CONFUSED', 'TUTOR_QUESTION', 'QUIZ_WRONG_ANSWER') OR (type = 'VIDEO_SEEK' AND from_position_seconds > position_seconds)) > 0
      ORDER BY 1`);
    const largest = (signal: keyof typeof CONFUSION_WEIGHTS) => Math.max(...buckets.map((bucket) => bucket[signal]));
    expect(shown.confusion).toEqual(
      buckets.map((bucket) => ({
        ...bucket,
        endSeconds: Math.min(bucket.startSeconds + 5, Math.ceil(video.duration)),
        score: expect.closeTo(
          (Object.keys(CONFUSION_WEIGHTS) as (keyof typeof CONFUSION_WEIGHTS)[]).reduce(
            (sum, signal) => sum + (largest(signal) ? (CONFUSION_WEIGHTS[signal] * bucket[signal]) / largest(signal) : 0),
            0,
          ),
          5,
        ),
      })),
    );
  }
}, 120_000);

it("rebuilds from the raw events exactly the rollups kept as they arrived", async () => {
  const random = prng(SEED + 1);
  const { courseId: courseGlobalId, videoIds } = await courseToLearn(server, cast.owner.accessToken, [30, 90]);
  const courseId = databaseId(courseGlobalId);
  const users = Array.from({ length: 5 }, () => randomUUID());
  const types: StoredEventType[] = ["VIDEO_PLAY", "VIDEO_PAUSE", "VIDEO_SEEK", "CONFUSED", "PROGRESS", "ENROLLED", "PAYMENT", "REFUND", "TUTOR_QUESTION", "QUIZ_WRONG_ANSWER", "COURSE_VIEW"];
  const events: StoredEvent[] = Array.from({ length: 600 }, () => {
    const type = types[Math.floor(random() * types.length)];
    const videoId = type === "ENROLLED" || type === "PAYMENT" || type === "REFUND" || type === "COURSE_VIEW" ? null : databaseId(videoIds[Math.floor(random() * 2)]);
    // Whole seconds: sums of whole floats are exact in any order, so the digests may be compared.
    const start = Math.round(random() * 30);
    return {
      userId: users[Math.floor(random() * users.length)], clientEventId: randomUUID(), type, courseId, videoId,
      positionSeconds: videoId && type !== "PROGRESS" ? start : null, fromPositionSeconds: type === "VIDEO_SEEK" ? Math.round(random() * 30) : null,
      playbackRate: null, occurredAt: new Date(Date.now() - random() * 10 * DAY_MS), learner: random() < 0.9,
      detail: type === "PROGRESS" ? { ranges: [[start, start + 5], [start + 2, start + 9]] } : type === "PAYMENT" || type === "REFUND" ? { cents: 250 } : null,
    };
  });
  for (let index = 0; index < events.length; index += 70) {
    await appendEvents(server.db, events.slice(index, index + 70));
    await rolledUp(server);
  }
  // Rows a cohort moved out of are left at zero by the runs; a rebuild has none.
  const tables = {
    analytics_course_days: "true",
    analytics_course_learners: "true",
    analytics_video_viewers: "true",
    analytics_video_days: "(views, watch_seconds, viewers, watched_seconds, completed_viewers) <> (0, 0, 0, 0, 0)",
    analytics_video_retention: "viewers <> 0",
    analytics_video_buckets: "true",
  };
  const rollups = () =>
    server.db.$queryRawUnsafe<{ name: string; digest: string }[]>(
      Object.entries(tables)
        .map(([table, kept]) => `SELECT '${table}' AS name, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS digest FROM ${table} t WHERE course_id = '${courseId}' AND ${kept}`)
        .join(" UNION ALL "),
    );
  const kept = await rollups();
  await rebuildRollups(server.db, courseId, { completionThreshold: server.app.platform.config.completionThreshold, durations: exactDurations });
  expect(await rollups()).toEqual(kept);
  expect(kept.every((table) => table.digest !== "d41d8cd98f00b204e9800998ecf8427e")).toBe(true);
});
