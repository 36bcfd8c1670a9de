// Live progress: myProgressUpdated (the learner's other devices) and courseProgressFeed (the
// course's team), published once a learning.progressRecorded event is committed.
import { filter, pipe } from "@graphql-yoga/subscription";
import type { Context } from "../../platform/context.ts";
import type { DomainEvents } from "../../platform/domain-events.ts";
import { notFound } from "../../platform/errors.ts";
import { parseId } from "../../platform/ids.ts";
import type { Platform } from "../../platform/platform.ts";
import { findVisibleCourse, getEditableCourse, type CourseRow } from "../catalog/index.ts";
import { getLearningEnrollment } from "./progress.service.ts";

export type ProgressEvent = DomainEvents["learning.progressRecorded"];

const LEARNER_TOPIC = "learning:learnerProgress";
const COURSE_TOPIC = "learning:courseProgress";

/** The committed report, published once by the instance that delivers its event (to every instance's subscribers through Redis). */
export function publishProgress(platform: Platform, event: ProgressEvent): void {
  platform.events.publish(LEARNER_TOPIC, event.userId, event);
  platform.events.publish(COURSE_TOPIC, event.courseId, event);
}

/** The course of a courseId argument the viewer learns in: NOT_FOUND when invisible, FORBIDDEN when not enrolled. */
export async function getLearnedCourse(context: Context, courseGlobalId: string): Promise<CourseRow> {
  const course = await findVisibleCourse(context, parseId(courseGlobalId, "Course", "courseId"));
  if (!course) throw notFound("Course");
  await getLearningEnrollment(context, course);
  return course;
}

/** The viewer's own reports, of one course or all; checked here when subscribing and by the resolver for every event. */
export async function myProgressEvents(context: Context, courseGlobalId: string | null): Promise<AsyncIterable<ProgressEvent>> {
  const course = courseGlobalId == null ? null : await getLearnedCourse(context, courseGlobalId);
  const events = context.events.subscribe(LEARNER_TOPIC, context.viewer!.userId) as AsyncIterable<ProgressEvent>;
  return course ? pipe(events, filter((event: ProgressEvent) => event.courseId === course.id)) : events;
}

/** Every learner's reports in the course, for its instructors and admins (NOT_FOUND or FORBIDDEN when subscribing). */
export async function courseProgressEvents(context: Context, courseGlobalId: string): Promise<AsyncIterable<ProgressEvent>> {
  const course = await getEditableCourse(context, courseGlobalId, "courseId");
  return context.events.subscribe(COURSE_TOPIC, course.id) as AsyncIterable<ProgressEvent>;
}
