// Finding the passages a question is about: PostgreSQL full-text search over the course's passages
// (websearch_to_tsquery, ranked by ts_rank), plus the transcript around where the learner is.
import { Prisma } from "../../generated/prisma/client.ts";
import type { Database } from "../../platform/db.ts";

export const MATCHED_PASSAGES = 4;
/** Seconds either side of the learner's position whose transcript joins the question's context. */
export const NEARBY_SECONDS = 20;
const NEARBY_PASSAGES = 3;

export interface Passage {
  id: string;
  videoId: string;
  startSeconds: number;
  endSeconds: number | null;
  content: string;
  /** ts_rank against the question; 0 for a passage retrieved only for being near the learner's position. */
  rank: number;
}

export interface Place {
  videoId: string;
  positionSeconds: number;
}

/** The best matches first, then the nearby passages not already among them; one statement. */
export async function retrievePassages(db: Database, courseId: string, question: string, place: Place | null): Promise<Passage[]> {
  const nearby = place
    ? Prisma.sql`
      UNION ALL
      (SELECT p.id, p.video_id, p.start_seconds, p.end_seconds, p.content, 0::float8, 1, row_number() OVER (ORDER BY p.start_seconds)
       FROM tutor_passages p
       WHERE p.video_id = ${place.videoId}::uuid AND p.course_id = ${courseId}::uuid AND p.source = 'TRANSCRIPT'
         AND p.start_seconds <= ${place.positionSeconds + NEARBY_SECONDS}::float8 AND p.end_seconds >= ${place.positionSeconds - NEARBY_SECONDS}::float8
       ORDER BY p.start_seconds
       LIMIT ${NEARBY_PASSAGES})`
    : Prisma.empty;
  const rows = await db.$queryRaw<(Passage & { part: number; place: bigint })[]>`
    SELECT id, video_id AS "videoId", start_seconds AS "startSeconds", end_seconds AS "endSeconds", content, rank, part, place
    FROM (
      (SELECT p.id, p.video_id, p.start_seconds, p.end_seconds, p.content, ts_rank(p.search_vector, q.query)::float8 AS rank, 0 AS part,
         row_number() OVER (ORDER BY ts_rank(p.search_vector, q.query) DESC, p.start_seconds, p.id) AS place
       FROM tutor_passages p, websearch_to_tsquery('english', ${question}) AS q(query)
       WHERE p.course_id = ${courseId}::uuid AND p.search_vector @@ q.query
       ORDER BY rank DESC, p.start_seconds, p.id
       LIMIT ${MATCHED_PASSAGES})
      ${nearby}
    ) AS found
    ORDER BY part, place`;
  const seen = new Set<string>();
  return rows.flatMap(({ part: _part, place: _place, ...passage }) => {
    if (seen.has(passage.id)) return [];
    seen.add(passage.id);
    return [passage];
  });
}
