// Finding the passages a question is about: PostgreSQL full-text search over the course's passages
// (websearch_to_tsquery, ranked by ts_rank), plus the transcript around where the learner is.
import type { Database } from "../../platform/db.ts";

export const MATCHED_PASSAGES = 4;
/** Seconds either side of the learner's position whose transcript joins the question's context. */
export const NEARBY_SECONDS = 20;

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

/** The best matches first, then the nearby passages not already among them. */
export async function retrievePassages(db: Database, courseId: string, question: string, place: Place | null): Promise<Passage[]> {
  const matched = await db.$queryRaw<Passage[]>`
    SELECT p.id, p.video_id AS "videoId", p.start_seconds AS "startSeconds", p.end_seconds AS "endSeconds", p.content,
      ts_rank(p.search_vector, q.query)::float8 AS rank
    FROM tutor_passages p, websearch_to_tsquery('english', ${question}) AS q(query)
    WHERE p.course_id = ${courseId}::uuid AND p.search_vector @@ q.query
    ORDER BY rank DESC, p.start_seconds, p.id
    LIMIT ${MATCHED_PASSAGES}`;
  if (!place) return matched;
  const nearby = await db.$queryRaw<Passage[]>`
    SELECT p.id, p.video_id AS "videoId", p.start_seconds AS "startSeconds", p.end_seconds AS "endSeconds", p.content, 0::float8 AS rank
    FROM tutor_passages p
    WHERE p.video_id = ${place.videoId}::uuid AND p.course_id = ${courseId}::uuid AND p.source = 'TRANSCRIPT'
      AND p.start_seconds <= ${place.positionSeconds + NEARBY_SECONDS}::float8 AND p.end_seconds >= ${place.positionSeconds - NEARBY_SECONDS}::float8
    ORDER BY p.start_seconds
    LIMIT 3`;
  const seen = new Set(matched.map((passage) => passage.id));
  return [...matched, ...nearby.filter((passage) => !seen.has(passage.id))];
}
