// A course's learning records as xAPI statements, for its team and admins (and their keys with
// learning-records:read): read from analytics' learning events in the order they were stored, a
// page at a time, only once settled (config.xapi.settleSeconds), so a record never changes after
// it is read.
import type { Context } from "../../platform/context.ts";
import type { Database } from "../../platform/db.ts";
import { badInput } from "../../platform/errors.ts";
import { pageWindow, toConnection, type Connection } from "../../platform/pagination.ts";
import { countLearningEvents, readLearningEvents, type LearningEvent, type LearningEventKey } from "../analytics/index.ts";
import { getEditableCourse } from "../catalog/index.ts";
import { exactDurations } from "../media/index.ts";
import type { LearningRecordsArgs } from "./learning-record.type.ts";
import { toStatement, verbOf, XAPI_VERBS, type StatementSetting } from "./xapi-statements.ts";

export interface LearningRecordView extends LearningEventKey {
  id: string;
  verb: string;
  timestamp: Date;
  stored: Date;
  statement: string;
}

/** Before this, events are settled: their records are final. */
export const settledBefore = (settleSeconds: number, now = Date.now()) => new Date(now - settleSeconds * 1000);

/** The events' statements, with the durations of their videos read in one statement. */
export async function statementsOf(db: Database, publicUrl: string, events: readonly LearningEvent[]) {
  const videoIds = [...new Set(events.flatMap((event) => (event.videoId ? [event.videoId] : [])))];
  const setting: StatementSetting = { publicUrl, durations: videoIds.length ? await exactDurations(db, videoIds) : new Map() };
  return events.map((event) => toStatement(event, setting));
}

export async function learningRecords(context: Context, args: LearningRecordsArgs): Promise<Connection<LearningRecordView>> {
  const course = await getEditableCourse(context, args.courseId, "courseId");
  const { settleSeconds } = context.config.xapi;
  const settled = settledBefore(settleSeconds);
  const until = args.until && args.until < settled ? args.until : settled;
  if (args.since && args.until && args.since >= args.until) throw badInput({ since: "must be before until" });
  const window = pageWindow(context, args, `learningRecords:${course.id}`);
  const [storedAt, userId, clientEventId] = (window.after ?? []) as [string, string, string];
  const query = { courseId: course.id, since: args.since ?? undefined, until };
  const events = await readLearningEvents(context.db, {
    ...query,
    after: storedAt ? { storedAt: new Date(storedAt), userId, clientEventId } : null,
    limit: window.limit + 1,
    reportsWithinSeconds: settleSeconds,
  });
  const statements = await statementsOf(context.db, context.config.publicUrl, events);
  const views = events.map((event, index) => ({
    storedAt: event.storedAt,
    userId: event.userId,
    clientEventId: event.clientEventId,
    id: statements[index]!.id!,
    verb: XAPI_VERBS[verbOf(event)],
    timestamp: event.occurredAt,
    stored: event.storedAt,
    statement: JSON.stringify(statements[index]),
  }));
  return toConnection(views, window, (view) => [view.storedAt.toISOString(), view.userId, view.clientEventId], () => countLearningEvents(context.db, query));
}
