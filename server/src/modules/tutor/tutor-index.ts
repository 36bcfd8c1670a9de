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

/**
 * How long a course checked against media's digests is trusted: media's events re-index what
 * changes, so the check only catches what they have not yet (or could not) do, and comparing every
 * transcript's digest on every question would cost more than answering it.
 */
const RECHECK_AFTER_MS = 60_000;
const lastChecked = new WeakMap<Database, Map<string, number>>();

/** Indexes the course's videos whose words changed since they were cut, checking each course at most once a minute. */
export async function ensureCourseIndexed(db: Database, courseId: string): Promise<void> {
  let checked = lastChecked.get(db);
  if (!checked) lastChecked.set(db, (checked = new Map()));
  const now = Date.now();
  if (now - (checked.get(courseId) ?? -Infinity) < RECHECK_AFTER_MS) return;
  const digests = await videoTextDigests(db, courseId);
  if (digests.length === 0) return;
  const indexed = await db.tutorIndexedVideo.findMany({ where: { videoId: { in: digests.map((row) => row.videoId) } } });
  const known = new Map(indexed.map((row) => [row.videoId, row.digest]));
  for (const { videoId, digest } of digests) if (known.get(videoId) !== digest) await reindexVideo(db, videoId);
  checked.set(courseId, now);
}
