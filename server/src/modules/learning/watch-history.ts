// What a learner did in a course: when they enrolled and which parts of which videos they watched,
// as stored (the merged ranges). Later modules read it as evidence of use (billing: a disputed
// payment's evidence).
import type { EnrollmentStatus } from "../../generated/prisma/enums.ts";
import type { Context } from "../../platform/context.ts";

export interface WatchHistory {
  enrolledAt: Date;
  status: EnrollmentStatus;
  completedAt: Date | null;
  /** The videos the learner watched any of, in the order they last watched them. */
  videos: WatchedVideoRecord[];
}

export interface WatchedVideoRecord {
  videoId: string;
  /** The watched ranges in seconds, merged and in order. */
  ranges: { startSeconds: number; endSeconds: number }[];
  watchedSeconds: number;
  /** When a report last added to it. */
  lastWatchedAt: Date;
  completedAt: Date | null;
}

/** The learner's history in the course; null when they never enrolled. */
export async function watchHistoryOf(context: Pick<Context, "db">, { userId, courseId }: { userId: string; courseId: string }): Promise<WatchHistory | null> {
  const enrollment = await context.db.enrollment.findUnique({
    where: { userId_courseId: { userId, courseId } },
    select: { id: true, enrolledAt: true, status: true, completedAt: true },
  });
  if (!enrollment) return null;
  const videos = await context.db.$queryRaw<(Omit<WatchedVideoRecord, "ranges"> & { ranges: [number, number][] })[]>`
    SELECT vp.video_id AS "videoId", watched_seconds(vp.watched)::float8 AS "watchedSeconds",
           vp.updated_at AS "lastWatchedAt", vp.completed_at AS "completedAt",
           (SELECT coalesce(json_agg(json_build_array(lower(r)::float8, upper(r)::float8) ORDER BY lower(r)), '[]'::json)
              FROM unnest(vp.watched) AS r) AS ranges
    FROM video_progress vp
    WHERE vp.enrollment_id = ${enrollment.id}::uuid
    ORDER BY vp.updated_at, vp.video_id`;
  return {
    enrolledAt: enrollment.enrolledAt,
    status: enrollment.status,
    completedAt: enrollment.completedAt,
    videos: videos.map((video) => ({ ...video, ranges: video.ranges.map(([startSeconds, endSeconds]) => ({ startSeconds, endSeconds })) })),
  };
}
