// What later modules (the tutor) read of a video's words: its description and WebVTT transcript,
// with a digest that changes whenever either does.
import type { Database, Transaction } from "../../platform/db.ts";

export interface VideoText {
  videoId: string;
  courseId: string;
  description: string | null;
  transcriptVtt: string | null;
  digest: string;
}

/** The digest of each video of the course, computed by PostgreSQL so the transcripts stay there. */
export function videoTextDigests(db: Database, courseId: string): Promise<{ videoId: string; digest: string }[]> {
  return db.$queryRaw`
    SELECT id AS "videoId", md5(coalesce(description, '') || chr(31) || coalesce(transcript_vtt, '')) AS digest
    FROM videos WHERE course_id = ${courseId}::uuid`;
}

/** The video's description and transcript; null when it no longer exists. In the caller's transaction when given one. */
export async function videoText(db: Database | Transaction, videoId: string): Promise<VideoText | null> {
  const [row] = await db.$queryRaw<VideoText[]>`
    SELECT id AS "videoId", course_id AS "courseId", description, transcript_vtt AS "transcriptVtt",
      md5(coalesce(description, '') || chr(31) || coalesce(transcript_vtt, '')) AS digest
    FROM videos WHERE id = ${videoId}::uuid`;
  return row ?? null;
}
