// The POPULARITY order reads courses.popularity, recounted now and then rather than on every
// enrollment: a write to courses drops every kept anonymous page (the public response cache), so
// one per enrollment would keep the catalog page from ever being cached on a busy day.
import { Prisma } from "../../platform/db.ts";
import type { Platform } from "../../platform/platform.ts";
import { popularitySources } from "./catalog.extensions.ts";

const REFRESH_QUEUE = "catalog-popularity-refresh";

/**
 * Writes the counts into courses.popularity, only for the courses whose count changed: an
 * unchanged catalog writes nothing, so the public data change feed hears nothing.
 */
export async function refreshCoursePopularity(platform: Platform): Promise<void> {
  const counted = new Map<string, number>();
  for (const source of platform.extensions.of(popularitySources)) {
    for (const [courseId, learners] of await source(platform.db)) counted.set(courseId, (counted.get(courseId) ?? 0) + learners);
  }
  const courses = await platform.db.course.findMany({ select: { id: true, popularity: true } });
  const changed = courses.filter((course) => (counted.get(course.id) ?? 0) !== course.popularity);
  // A statement-level trigger notifies even when an UPDATE matches no row: skip the statement instead.
  if (changed.length === 0) return;
  await platform.db.$executeRaw(Prisma.sql`
    UPDATE courses SET popularity = counted.popularity
    FROM unnest(${changed.map((course) => course.id)}::uuid[], ${changed.map((course) => counted.get(course.id) ?? 0)}::int[]) AS counted(id, popularity)
    WHERE courses.id = counted.id`);
}

/** Recounts on the configured schedule, once across all server instances. */
export async function scheduleCoursePopularityRefresh(platform: Platform): Promise<void> {
  const cron = platform.config.coursePopularityRefreshCron;
  if (!cron) return;
  await platform.jobs.work(REFRESH_QUEUE, { attempts: 1, expireInSeconds: 5 * 60 }, () => refreshCoursePopularity(platform));
  await platform.jobs.schedule(REFRESH_QUEUE, cron);
}
