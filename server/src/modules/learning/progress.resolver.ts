import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root, Subscription } from "type-graphql";
import type { Context } from "../../platform/context.ts";
import { badInput, forbidden } from "../../platform/errors.ts";
import { Course, findVisibleCourse, getEditableCourse } from "../catalog/index.ts";
import { findUser, User } from "../identity/index.ts";
import { findVisibleVideo, Video } from "../media/index.ts";
import { isOwnEnrollment } from "./enrollment.policy.ts";
import { enrollmentById } from "./learning.loaders.ts";
import { courseProgressEvents, getLearnedCourse, myProgressEvents, type ProgressEvent } from "./progress-feed.ts";
import { courseProgress, recordProgress, type CourseProgressView, type VideoProgressView } from "./progress.service.ts";
import { CourseProgress, LearnerProgressEvent, RecordProgressInput, VideoProgress } from "./progress.type.ts";

/** Sent over HTTP, where no events can follow: after the checks subscribing makes, how to subscribe. */
const overWebSocketOnly = () => badInput({ operation: "subscriptions are served over WebSocket (graphql-ws) at /graphql" });

@Resolver(() => VideoProgress)
export class VideoProgressResolver {
  @Mutation(() => VideoProgress)
  recordProgress(@Arg("input", () => RecordProgressInput) input: RecordProgressInput, @Ctx() context: Context) {
    return recordProgress(context, input);
  }

  @FieldResolver(() => Video)
  video(@Root() progress: VideoProgressView, @Ctx() context: Context) {
    return findVisibleVideo(context, progress.videoId);
  }
}

@Resolver(() => CourseProgress)
export class CourseProgressResolver {
  @FieldResolver(() => Course)
  course(@Root() progress: CourseProgressView, @Ctx() context: Context) {
    return findVisibleCourse(context, progress.courseId);
  }

  @FieldResolver(() => Video, { nullable: true, description: "The video and position to resume at." })
  resumeVideo(@Root() progress: CourseProgressView, @Ctx() context: Context) {
    return progress.resumeVideoId ? findVisibleVideo(context, progress.resumeVideoId) : null;
  }

  @Subscription(() => CourseProgress, {
    description: "The viewer's own progress, as it changes on any device.",
    subscribe: ({ args, context }) => myProgressEvents(context as Context, (args as { courseId?: string | null }).courseId ?? null),
  })
  async myProgressUpdated(
    @Root() event: ProgressEvent | undefined,
    @Arg("courseId", () => ID, { nullable: true }) courseId: string | null,
    @Ctx() context: Context,
  ): Promise<CourseProgressView> {
    // For every event too, with the viewer's rights at that moment: a refusal ends the subscription.
    if (courseId != null) await getLearnedCourse(context, courseId);
    if (!event) throw overWebSocketOnly();
    const enrollment = await context.loader(enrollmentById).load(event.enrollmentId);
    if (!enrollment || !isOwnEnrollment(context, enrollment)) throw forbidden();
    return courseProgress(context, enrollment);
  }
}

@Resolver(() => LearnerProgressEvent)
export class LearnerProgressEventResolver {
  @Subscription(() => LearnerProgressEvent, {
    description: "Course instructors and admins: learners' progress, live.",
    subscribe: ({ args, context }) => courseProgressEvents(context as Context, (args as { courseId: string }).courseId),
  })
  async courseProgressFeed(
    @Root() event: ProgressEvent | undefined,
    @Arg("courseId", () => ID) courseId: string,
    @Ctx() context: Context,
  ): Promise<ProgressEvent> {
    await getEditableCourse(context, courseId, "courseId");
    if (!event) throw overWebSocketOnly();
    return event;
  }

  @FieldResolver(() => Date)
  at(@Root() event: ProgressEvent) {
    return new Date(event.at);
  }

  @FieldResolver(() => Course)
  course(@Root() event: ProgressEvent, @Ctx() context: Context) {
    return findVisibleCourse(context, event.courseId);
  }

  @FieldResolver(() => User)
  learner(@Root() event: ProgressEvent, @Ctx() context: Context) {
    return findUser(context, event.userId);
  }

  @FieldResolver(() => Video, { nullable: true })
  video(@Root() event: ProgressEvent, @Ctx() context: Context) {
    return findVisibleVideo(context, event.videoId);
  }

  @FieldResolver(() => CourseProgress)
  async progress(@Root() event: ProgressEvent, @Ctx() context: Context) {
    const enrollment = await context.loader(enrollmentById).load(event.enrollmentId);
    return courseProgress(context, enrollment!);
  }
}
