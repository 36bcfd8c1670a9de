import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root, Subscription } from "type-graphql";
import { checkedByTheService } from "../../platform/argument-validation.ts";
import type { Context } from "../../platform/context.ts";
import { badInput, notFound } from "../../platform/errors.ts";
import { Course, findVisibleCourse, getEditableCourse } from "../catalog/index.ts";
import { Video, videoById } from "../media/index.ts";
import { confusionOf, courseAnalytics, retentionOf, videoAnalytics, type VideoAnalyticsView } from "./course-analytics.service.ts";
import { liveStatsOf, type LiveStats } from "./course-live.ts";
import { trackEvents } from "./track-events.service.ts";
import {
  AnalyticsEventInput,
  ConfusionBucket,
  CourseAnalytics,
  LiveCourseStats,
  RetentionPoint,
  TrackEventsResult,
  VideoAnalytics,
  VideoHotspot,
} from "./analytics.type.ts";

/** Sent over HTTP, where no events can follow: after the checks subscribing makes, how to subscribe. */
const overWebSocketOnly = () => badInput({ operation: "subscriptions are served over WebSocket (graphql-ws) at /graphql" });

@Resolver()
export class AnalyticsResolver {
  @Mutation(() => TrackEventsResult, {
    description: "Up to 500 events; each is checked on its own: the refused ones are listed with their reason, the others stored.",
  })
  // The events carry no class-validator constraints (the service checks each one and says why it
  // refuses it): skipping class-validator spares a validation pass per event on the busiest call.
  trackEvents(@Arg("events", () => [AnalyticsEventInput], { validateFn: checkedByTheService }) events: AnalyticsEventInput[], @Ctx() context: Context) {
    return trackEvents(context, events);
  }

  @Query(() => CourseAnalytics, { description: "Course instructors and admins. Whole UTC days: unless told, the 30 days to the end of today." })
  courseAnalytics(
    @Arg("courseId", () => ID) courseId: string,
    @Arg("from", () => Date, { nullable: true }) from: Date | null,
    @Arg("to", () => Date, { nullable: true }) to: Date | null,
    @Ctx() context: Context,
  ) {
    return courseAnalytics(context, courseId, { from, to });
  }

  @Query(() => VideoAnalytics, { description: "The video's course's instructors and admins. Whole UTC days: unless told, the 30 days to the end of today." })
  videoAnalytics(
    @Arg("videoId", () => ID) videoId: string,
    @Arg("from", () => Date, { nullable: true }) from: Date | null,
    @Arg("to", () => Date, { nullable: true }) to: Date | null,
    @Ctx() context: Context,
  ) {
    return videoAnalytics(context, videoId, { from, to });
  }
}

@Resolver(() => LiveCourseStats)
export class LiveCourseStatsResolver {
  @Subscription(() => LiveCourseStats, {
    description: "Course instructors and admins: pushed at most once a second while anything changes.",
    subscribe: async ({ args, context }) => {
      const course = await getEditableCourse(context as Context, (args as { courseId: string }).courseId, "courseId");
      return liveStatsOf(context as Context, course.id);
    },
  })
  async courseAnalyticsLive(@Root() stats: LiveStats | undefined, @Arg("courseId", () => ID) courseId: string, @Ctx() context: Context): Promise<LiveStats> {
    // Read again for every push: an instructor removed from the team stops hearing.
    await getEditableCourse(context, courseId, "courseId");
    if (!stats) throw overWebSocketOnly();
    return stats;
  }

  @FieldResolver(() => Course)
  async course(@Root() stats: LiveStats, @Ctx() context: Context) {
    const course = await findVisibleCourse(context, stats.courseId);
    if (!course) throw notFound("Course");
    return course;
  }

  @FieldResolver(() => Date)
  at(@Root() stats: LiveStats) {
    return new Date(stats.at);
  }
}

@Resolver(() => VideoHotspot)
export class VideoHotspotResolver {
  @FieldResolver(() => Video)
  async video(@Root() hotspot: { videoId: string }, @Ctx() context: Context) {
    const video = await context.loader(videoById).load(hotspot.videoId);
    if (!video) throw notFound("Video");
    return video;
  }
}

@Resolver(() => VideoAnalytics)
export class VideoAnalyticsResolver {
  @FieldResolver(() => [RetentionPoint], { description: "A point per second: the share of the cohort who have watched it." })
  retention(@Root() view: VideoAnalyticsView, @Ctx() context: Context) {
    return retentionOf(context, view);
  }

  @FieldResolver(() => [ConfusionBucket], { description: "Buckets of 5 seconds with any signal in the range, in order of time." })
  confusion(@Root() view: VideoAnalyticsView, @Ctx() context: Context) {
    return confusionOf(context, view);
  }
}
