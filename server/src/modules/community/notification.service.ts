// The viewer's notifications (in the app) and their mail preference, and the reaction to a new
// answer that makes them: one notification per answer and asker, never to the answerer themself,
// and a mail in the same transaction when the asker chose mail.
import type { Context } from "../../platform/context.ts";
import { createContext } from "../../platform/context.ts";
import type { DomainEvents } from "../../platform/domain-events.ts";
import { Prisma, readRows, selectList } from "../../platform/db.ts";
import { badInput } from "../../platform/errors.ts";
import { parseId, toGlobalId } from "../../platform/ids.ts";
import { pageWindow, toConnection, type Connection, type PageArgs } from "../../platform/pagination.ts";
import type { Platform } from "../../platform/platform.ts";
import type { CommunityNotification } from "../../generated/prisma/client.ts";
import { findUser } from "../identity/index.ts";

export type NotificationRow = CommunityNotification;

/** How many notification ids markNotificationsRead takes at once. */
export const MARK_READ_MAX = 100;

const NOTIFICATION_TOPIC = "community:notifications";

const NOTIFICATION_SELECT = selectList<NotificationRow>(
  {
    id: "id",
    userId: "user_id",
    kind: "kind",
    courseId: "course_id",
    questionId: "question_id",
    answerId: "answer_id",
    actorId: "actor_id",
    createdAt: "created_at",
    readAt: "read_at",
  },
  "n",
);

export async function notifyOfAnswer(platform: Platform, event: DomainEvents["community.answerPosted"]): Promise<void> {
  if (event.askerId === event.answererId) return;
  const mailed = await platform.db.$transaction(async (tx) => {
    // The unique (answer, recipient) key: a repeated delivery inserts nothing and mails nothing.
    const created = await tx.communityNotification.createMany({
      data: [{ userId: event.askerId, kind: "ANSWER_POSTED", courseId: event.courseId, questionId: event.questionId, answerId: event.answerId, actorId: event.answererId }],
      skipDuplicates: true,
    });
    if (created.count === 0) return false;
    const preference = await tx.communityPreference.findUnique({ where: { userId: event.askerId } });
    if (!preference?.mailOnAnswer) return false;
    const question = await tx.courseQuestion.findUnique({ where: { id: event.questionId } });
    const context = createContext(platform, { requestId: `community-mail:${event.answerId}`, viewer: null, ip: "" });
    const asker = await findUser(context, event.askerId);
    if (!question || question.deletedAt || !asker) return false;
    const link = `${platform.config.publicUrl}/learn/courses/${toGlobalId("Course", event.courseId)}/videos/${toGlobalId("Video", question.videoId)}?question=${toGlobalId("CourseQuestion", question.id)}`;
    await platform.mailer.enqueue(tx, {
      to: asker.email,
      subject: `New answer to your question "${question.title}"`,
      text: [
        `Someone answered your question "${question.title}".`,
        "",
        `Read the answer: ${link}`,
        "",
        "You receive these mails because you chose to in your notification settings; turn them off there.",
      ].join("\n"),
    });
    return true;
  });
  if (mailed) void platform.mailer.deliverPending().catch((error: unknown) => platform.log.warn({ err: error }, "mail delivery failed"));
  platform.events.publish(NOTIFICATION_TOPIC, event.askerId, { answerId: event.answerId });
}

/** The viewer's notifications, newest first. */
export async function myNotifications(context: Context, page: PageArgs, unreadOnly: boolean): Promise<Connection<NotificationRow>> {
  const userId = context.viewer!.userId;
  const window = pageWindow(context, page, `notifications:${unreadOnly}`);
  const conditions = [Prisma.sql`n.user_id = ${userId}::uuid`];
  if (unreadOnly) conditions.push(Prisma.sql`n.read_at IS NULL`);
  const pageConditions = [...conditions];
  if (window.after) pageConditions.push(Prisma.sql`(n.created_at, n.id) < (${window.after[0]}::timestamptz, ${window.after[1]}::uuid)`);
  const rows = await readRows<NotificationRow>(context.db, Prisma.sql`
    SELECT ${NOTIFICATION_SELECT} FROM community_notifications n WHERE ${Prisma.join(pageConditions, " AND ")}
    ORDER BY n.created_at DESC, n.id DESC LIMIT ${window.limit + 1}`);
  return toConnection(rows, window, (row) => [row.createdAt.toISOString(), row.id], () =>
    context.db.communityNotification.count({ where: { userId, ...(unreadOnly ? { readAt: null } : {}) } }),
  );
}

export function unreadNotificationCount(context: Context): Promise<number> {
  return context.db.communityNotification.count({ where: { userId: context.viewer!.userId, readAt: null } });
}

/** Marks the viewer's given notifications read (all of them when no ids are given); answers how many were unread. */
export async function markNotificationsRead(context: Context, globalIds: readonly string[] | null | undefined): Promise<number> {
  if (globalIds && globalIds.length > MARK_READ_MAX) throw badInput({ ids: `must name at most ${MARK_READ_MAX} notifications` });
  const ids = globalIds?.map((id) => parseId(id, "Notification", "ids"));
  const marked = await context.db.communityNotification.updateMany({
    where: { userId: context.viewer!.userId, readAt: null, ...(ids ? { id: { in: ids } } : {}) },
    data: { readAt: new Date() },
  });
  return marked.count;
}

export async function notificationPreferences(context: Context): Promise<{ mailOnAnswer: boolean }> {
  const preference = await context.db.communityPreference.findUnique({ where: { userId: context.viewer!.userId } });
  return { mailOnAnswer: preference?.mailOnAnswer ?? false };
}

export async function updateNotificationPreferences(context: Context, mailOnAnswer: boolean): Promise<{ mailOnAnswer: boolean }> {
  const userId = context.viewer!.userId;
  const saved = await context.db.communityPreference.upsert({
    where: { userId },
    create: { userId, mailOnAnswer },
    update: { mailOnAnswer, updatedAt: new Date() },
  });
  return { mailOnAnswer: saved.mailOnAnswer };
}

/** The viewer's new notifications, live: each event says that one arrived (the client reads its list again). */
export function notificationEvents(context: Context): AsyncIterable<{ answerId: string }> {
  return context.events.subscribe(NOTIFICATION_TOPIC, context.viewer!.userId) as AsyncIterable<{ answerId: string }>;
}
