import type { Enrollment } from "../../generated/prisma/client.ts";
import { defineLoader, groupBy, pickBy, type Context } from "../../platform/context.ts";
import { Prisma, readRows, selectList } from "../../platform/db.ts";

export type EnrollmentRow = Enrollment;

/**
 * The columns of an `Enrollment` row from `enrollments en`: the viewer's enrollment is read on every
 * learner's request (playback, progress, analytics events), and a raw read skips Prisma's query
 * compiler (about 1 ms of the server's time a call under trackEvents' load).
 */
const ENROLLMENT_SELECT = selectList<Enrollment>(
  {
    id: "id",
    userId: "user_id",
    courseId: "course_id",
    status: "status",
    source: "source",
    enrolledAt: "enrolled_at",
    completedAt: "completed_at",
    suspendedAt: "suspended_at",
  },
  "en",
);

/** The courses a user has an enrollment in, whatever its status. */
export async function enrolledCourseIds(context: Context, userId: string): Promise<string[]> {
  const rows = await readRows<{ courseId: string }>(context.db, Prisma.sql`
    SELECT DISTINCT course_id AS "courseId" FROM enrollments WHERE user_id = ${userId}::uuid`);
  return rows.map((row) => row.courseId);
}

/** A learner's progress on one video, as the columns of `video_progress vp` below give it. */
export interface ProgressRow {
  enrollmentId: string;
  videoId: string;
  positionSeconds: number;
  positionAt: Date;
  completedAt: Date | null;
  updatedAt: Date;
  /** The length of the union of the watched ranges. */
  watchedSeconds: number;
  /** The union's ranges, [start, end), in order. */
  watchedRanges: [number, number][];
}

/** The columns of a ProgressRow from `video_progress vp` (in a SELECT or a RETURNING). */
export const PROGRESS_COLUMNS = Prisma.sql`
  vp.enrollment_id AS "enrollmentId", vp.video_id AS "videoId", vp.position_seconds AS "positionSeconds",
  vp.position_at AS "positionAt", vp.completed_at AS "completedAt", vp.updated_at AS "updatedAt",
  watched_seconds(vp.watched)::float8 AS "watchedSeconds",
  (SELECT coalesce(json_agg(json_build_array(lower(r)::float8, upper(r)::float8) ORDER BY lower(r)), '[]'::json)
   FROM unnest(vp.watched) AS r) AS "watchedRanges"`;

export const enrollmentById = defineLoader<string, EnrollmentRow | null>("enrollmentById", async (context, ids) => {
  const rows = await readRows<Enrollment>(context.db, Prisma.sql`SELECT ${ENROLLMENT_SELECT} FROM enrollments en WHERE en.id = ANY(${ids}::uuid[])`);
  return pickBy(ids, rows, (row) => row.id);
});

/** The viewer's enrollment in each course, whatever its status; null for anonymous viewers. */
export const viewerEnrollmentByCourse = defineLoader<string, EnrollmentRow | null>("viewerEnrollmentByCourse", async (context, courseIds) => {
  const viewer = context.viewer;
  if (!viewer) return courseIds.map(() => null);
  const rows = await readRows<Enrollment>(context.db, Prisma.sql`
    SELECT ${ENROLLMENT_SELECT} FROM enrollments en WHERE en.user_id = ${viewer.userId}::uuid AND en.course_id = ANY(${courseIds}::uuid[])`);
  return pickBy(courseIds, rows, (row) => row.courseId);
});

/** Learners who may watch each course: its ACTIVE and COMPLETED enrollments. */
export const enrollmentCountByCourse = defineLoader<string, number>("enrollmentCountByCourse", async (context, courseIds) => {
  const groups = await context.db.enrollment.groupBy({
    by: ["courseId"],
    where: { courseId: { in: [...courseIds] }, status: { in: ["ACTIVE", "COMPLETED"] } },
    _count: { _all: true },
  });
  return pickBy(courseIds, groups, (group) => group.courseId).map((group) => group?._count._all ?? 0);
});

/** Every video progress of each enrollment. */
export const progressByEnrollment = defineLoader<string, ProgressRow[]>("progressByEnrollment", async (context, enrollmentIds) => {
  const rows = await readRows<ProgressRow>(context.db, Prisma.sql`
    SELECT ${PROGRESS_COLUMNS} FROM video_progress vp WHERE vp.enrollment_id = ANY(${enrollmentIds}::uuid[])`);
  return groupBy(enrollmentIds, rows, (row) => row.enrollmentId);
});

/** The viewer's progress on each video; null where they have none, and for anonymous viewers. */
export const viewerProgressByVideo = defineLoader<string, ProgressRow | null>("viewerProgressByVideo", async (context, videoIds) => {
  const viewer = context.viewer;
  if (!viewer) return videoIds.map(() => null);
  const rows = await readRows<ProgressRow>(context.db, Prisma.sql`
    SELECT ${PROGRESS_COLUMNS} FROM video_progress vp JOIN enrollments e ON e.id = vp.enrollment_id
    WHERE e.user_id = ${viewer.userId}::uuid AND vp.video_id = ANY(${videoIds}::uuid[])`);
  return pickBy(videoIds, rows, (row) => row.videoId);
});
