// The tutor's index of a course's words: passages of each video's transcript and description in
// tutor_passages (a generated tsvector with a GIN index), re-cut when media says a transcript
// changed, and checked against media's digests before a course is asked about (the demo's videos
// and any change whose event is still on its way are indexed then).
import type { Database } from "../../platform/db.ts";
import { videoText, videoTextDigests } from "../media/index.ts";
import { descriptionPassage, transcriptPassages } from "./passages.ts";

/** Re-cuts one video's passages from its current words, unless they were cut from these already. */
export async function reindexVideo(db: Database, videoId: string): Promise<void> {
  await db.$transaction(async (tx) => {
    // Two re-indexings of one video (a listener and a question) take turns; the second sees the first's digest.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('tutor-index'), hashtext(${videoId}))`;
    // Read in the transaction: a second connection per re-indexing would exhaust the pool when many wait on the lock.
    const text = await videoText(tx, videoId);
    if (!text) return;
    const indexed = await tx.tutorIndexedVideo.findUnique({ where: { videoId } });
    if (indexed?.digest === text.digest) return;
    const drafts = [...descriptionPassage(text.description), ...(text.transcriptVtt ? transcriptPassages(text.transcriptVtt) : [])];
    await tx.tutorPassage.deleteMany({ where: { videoId } });
    await tx.tutorPassage.createMany({ data: drafts.map((draft) => ({ ...draft, videoId, courseId: text.courseId })) });
    await tx.tutorIndexedVideo.upsert({
      where: { videoId },
      create: { videoId, digest: text.digest },
      update: { digest: text.digest, indexedAt: new Date() },
    });
  });
}

/** Indexes the course's videos whose words changed since they were cut (usually none: one query each side). */
export async function ensureCourseIndexed(db: Database, courseId: string): Promise<void> {
  const digests = await videoTextDigests(db, courseId);
  if (digests.length === 0) return;
  const indexed = await db.tutorIndexedVideo.findMany({ where: { videoId: { in: digests.map((row) => row.videoId) } } });
  const known = new Map(indexed.map((row) => [row.videoId, row.digest]));
  for (const { videoId, digest } of digests) if (known.get(videoId) !== digest) await reindexVideo(db, videoId);
}
