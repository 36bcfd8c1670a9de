// A learner's notes and bookmarks at moments of a course's videos: who may keep them
// (videoNotePolicy), what a note may say and where it may sit, the cap per learner and course,
// and the course's notes of the viewer in the course's playing order.
import type { VideoNoteKind } from "../../generated/prisma/enums.ts";
import type { Context } from "../../platform/context.ts";
import { Prisma, readRows, selectList } from "../../platform/db.ts";
import { badInput, notFound, refuseFieldProblems } from "../../platform/errors.ts";
import { parseId } from "../../platform/ids.ts";
import { pageWindow, toConnection, type Connection, type PageArgs } from "../../platform/pagination.ts";
import { authorize } from "../../platform/policy.ts";
import { findVisibleCourse, type CourseRow } from "../catalog/index.ts";
import { findVisibleVideo, momentProblem, videoById, videosInPlayingOrder, type VideoRow } from "../media/index.ts";
import { videoNoteById, type VideoNoteRow } from "./video-note.loaders.ts";
import { isAuthor, videoNotePolicy } from "./video-note.policy.ts";
import type { CreateVideoNoteInput, UpdateVideoNoteInput } from "./video-note.type.ts";

export const NOTE_MAX_CHARS = 5000;
/** The most notes and bookmarks one person keeps in one course. */
export const MAX_NOTES_PER_COURSE = 1000;

/** The viewer's own note; null for anyone else's (notes are private to their author). */
export async function findOwnNote(context: Context, id: string): Promise<VideoNoteRow | null> {
  const note = await context.loader(videoNoteById).load(id);
  return note && isAuthor(context, note) ? note : null;
}

/** A note argument: the viewer's own, else NOT_FOUND, as if it did not exist. */
async function getOwnNote(context: Context, globalId: string, field = "id"): Promise<VideoNoteRow> {
  const note = await findOwnNote(context, parseId(globalId, "VideoNote", field));
  if (!note) throw notFound("Note");
  return note;
}

/** A course the viewer may keep notes in: NOT_FOUND when invisible, FORBIDDEN when they are not its learner or team. */
async function getKeepingCourse(context: Context, courseId: string): Promise<CourseRow> {
  const course = await findVisibleCourse(context, courseId);
  if (!course) throw notFound("Course");
  return authorize(context, videoNotePolicy.keep, course);
}

/** The videos the viewer is shown of the course (learners: ready ones), in playing order. */
async function shownVideos(context: Context, course: CourseRow): Promise<VideoRow[]> {
  const videos = await videosInPlayingOrder(context, course.id);
  // A page of notes names their videos: answered from these rows, not read again.
  for (const video of videos) context.loader(videoById).prime(video.id, video);
  return videos;
}

const NOT_SHOWN = "is not a video of this course you can watch";

function textProblem(text: string, kind: VideoNoteKind): string | undefined {
  if ([...text].length > NOTE_MAX_CHARS) return `must be at most ${NOTE_MAX_CHARS.toLocaleString("en")} characters`;
  if (kind === "NOTE" && text.length === 0) return "must not be empty for a note (a bookmark's may be)";
  return undefined;
}

export async function createNote(context: Context, input: CreateVideoNoteInput): Promise<VideoNoteRow> {
  const video = await findVisibleVideo(context, parseId(input.videoId, "Video", "videoId"));
  if (!video) throw badInput({ videoId: NOT_SHOWN });
  const course = await getKeepingCourse(context, video.courseId);
  if (!(await shownVideos(context, course)).some((shown) => shown.id === video.id)) throw badInput({ videoId: NOT_SHOWN });
  const text = input.text.trim();
  refuseFieldProblems({ text: textProblem(text, input.kind), positionSeconds: momentProblem(input.positionSeconds, video) });
  const userId = context.viewer!.userId;
  return context.db.$transaction(async (tx) => {
    // One creation per person and course at a time, so the cap holds.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('video-notes'), hashtext(${`${userId}:${course.id}`}))`;
    if ((await tx.videoNote.count({ where: { userId, courseId: course.id } })) >= MAX_NOTES_PER_COURSE) {
      throw badInput(
        { videoId: `is in a course where you already keep ${MAX_NOTES_PER_COURSE.toLocaleString("en")} notes and bookmarks, the most allowed; delete some to add more` },
        `You already keep ${MAX_NOTES_PER_COURSE.toLocaleString("en")} notes and bookmarks in this course, the most one course may hold. Delete some to add more.`,
        "VIDEO_NOTE_LIMIT_REACHED",
      );
    }
    return tx.videoNote.create({ data: { userId, courseId: course.id, videoId: video.id, kind: input.kind, positionSeconds: input.positionSeconds, text } });
  });
}

export async function updateNote(context: Context, input: UpdateVideoNoteInput): Promise<VideoNoteRow> {
  const note = await getOwnNote(context, input.id);
  const course = await getKeepingCourse(context, note.courseId);
  const video = (await shownVideos(context, course)).find((shown) => shown.id === note.videoId);
  if (!video) throw notFound("Note");
  const text = input.text.trim();
  refuseFieldProblems({
    text: textProblem(text, note.kind),
    positionSeconds: input.positionSeconds == null ? undefined : momentProblem(input.positionSeconds, video),
  });
  const updated = await context.db.videoNote.update({
    where: { id: note.id, userId: note.userId },
    data: { text, ...(input.positionSeconds == null ? {} : { positionSeconds: input.positionSeconds }) },
  });
  context.loader(videoNoteById).clear(note.id).prime(note.id, updated);
  return updated;
}

/** The author's own note only: a learner whose enrollment ended may still delete what they wrote. */
export async function deleteNote(context: Context, globalId: string): Promise<boolean> {
  const note = await getOwnNote(context, globalId);
  const deleted = await context.db.videoNote.deleteMany({ where: { id: note.id, userId: note.userId } });
  if (deleted.count === 0) throw notFound("Note");
  context.loader(videoNoteById).clear(note.id);
  return true;
}

const NOTE_SELECT = selectList<VideoNoteRow>(
  {
    id: "id",
    userId: "user_id",
    courseId: "course_id",
    videoId: "video_id",
    kind: "kind",
    positionSeconds: "position_seconds",
    text: "text",
    createdAt: "created_at",
    updatedAt: "updated_at",
  },
  "n",
);

type RankedNote = VideoNoteRow & { rank: number };

/**
 * The viewer's notes in the course (or in one of its videos): by the videos' playing order, then
 * by moment. Notes of videos the viewer is no longer shown (deleted, being replaced) are left out.
 * One statement for the page, whatever it holds; its videos come from the course's structure.
 */
export async function notesOf(context: Context, course: CourseRow, page: PageArgs, videoGlobalId?: string | null): Promise<Connection<VideoNoteRow> | null> {
  // Notes are a person's own: no key reads them, and a course they keep none in shows none.
  if (!context.viewer || context.viewer.apiKey || !(await videoNotePolicy.keep.allows(context, course))) return null;
  const order = (await shownVideos(context, course)).map((video) => video.id);
  let shown = order;
  if (videoGlobalId != null) {
    const videoId = parseId(videoGlobalId, "Video", "videoId");
    if (!order.includes(videoId)) throw badInput({ videoId: NOT_SHOWN });
    shown = [videoId];
  }
  const window = pageWindow(context, page, `notes:${course.id}`);
  const userId = context.viewer!.userId;
  const rank = Prisma.sql`array_position(${order}::uuid[], n.video_id)`;
  const after = window.after && Prisma.sql`AND (${rank}, n.position_seconds, n.id) > (${window.after[0]}::int, ${window.after[1]}::float8, ${window.after[2]}::uuid)`;
  const rows = await readRows<RankedNote>(context.db, Prisma.sql`
    SELECT ${NOTE_SELECT}, ${rank} AS rank FROM video_notes n
    WHERE n.user_id = ${userId}::uuid AND n.course_id = ${course.id}::uuid AND n.video_id = ANY(${shown}::uuid[]) ${after ?? Prisma.empty}
    ORDER BY rank, n.position_seconds, n.id
    LIMIT ${window.limit + 1}`);
  return toConnection(rows, window, (row) => [row.rank, row.positionSeconds, row.id], () =>
    context.db.videoNote.count({ where: { userId, courseId: course.id, videoId: { in: shown } } }),
  );
}

/** A note's video as the viewer sees it. */
export async function videoOfNote(context: Context, note: VideoNoteRow): Promise<VideoRow> {
  const video = await findVisibleVideo(context, note.videoId);
  if (!video) throw notFound("Video");
  return video;
}
