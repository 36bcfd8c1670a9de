import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { Course, type CourseRow } from "../catalog/index.ts";
import { Video, type VideoRow } from "../media/index.ts";

export enum AnalyticsEventType {
  COURSE_VIEW = "COURSE_VIEW",
  VIDEO_INITIALIZED = "VIDEO_INITIALIZED",
  VIDEO_PLAY = "VIDEO_PLAY",
  VIDEO_PAUSE = "VIDEO_PAUSE",
  VIDEO_SEEK = "VIDEO_SEEK",
  VIDEO_ENDED = "VIDEO_ENDED",
  VIDEO_HEARTBEAT = "VIDEO_HEARTBEAT",
  VIDEO_RATE_CHANGE = "VIDEO_RATE_CHANGE",
  CONFUSED = "CONFUSED",
}
registerEnumType(AnalyticsEventType, {
  name: "AnalyticsEventType",
  valuesConfig: {
    VIDEO_INITIALIZED: { description: "The player loaded the video for the learner, at its starting position (xAPI's initialized)." },
    CONFUSED: { description: "The learner pressed 'I'm confused' at a moment of the video." },
  },
});

@InputType()
export class AnalyticsEventInput {
  @Field(() => ID, { description: "Client-made UUID; an event sent twice is counted once." }) clientEventId!: string;
  @Field(() => AnalyticsEventType) type!: AnalyticsEventType;
  @Field(() => ID) courseId!: string;
  @Field(() => ID, { nullable: true }) videoId?: string | null;
  @Field(() => Float, { nullable: true }) positionSeconds?: number | null;
  @Field(() => Float, { nullable: true, description: "For VIDEO_SEEK: where the seek started." }) fromPositionSeconds?: number | null;
  @Field(() => Float, { nullable: true }) playbackRate?: number | null;
  @Field() occurredAt!: Date;
}

@ObjectType()
export class RejectedEvent {
  @Field(() => ID) clientEventId!: string;
  @Field({ description: "Why, as a code (e.g. NOT_ENROLLED, VIDEO_NOT_IN_COURSE, POSITION_OUT_OF_RANGE, TOO_OLD, IN_THE_FUTURE, MISSING_FIELD:videoId)." })
  reason!: string;
}

@ObjectType()
export class TrackEventsResult {
  @Field(() => Int) accepted!: number;
  @Field(() => Int, { description: "Events already received before (same viewer and clientEventId), or twice in this call: counted once." })
  duplicates!: number;
  @Field(() => [RejectedEvent]) rejected!: RejectedEvent[];
}

// Plain rows by the hundred in one answer (a year's days, a video's seconds): simpleResolvers
// leaves their fields to GraphQL's default resolver, without type-graphql's wrapper per field.
@ObjectType({ description: "One UTC day of the range, learners only (instructors previewing are left out).", simpleResolvers: true })
export class DailyMetric {
  @Field({ description: "YYYY-MM-DD (UTC)." }) date!: string;
  @Field(() => Int) enrollments!: number;
  @Field(() => Int) activeLearners!: number;
  @Field(() => Int) completions!: number;
  @Field(() => Float) watchTimeSeconds!: number;
  @Field(() => Int, { description: "Payments minus refunds, in minor units." }) revenueCents!: number;
}

@ObjectType({ simpleResolvers: true })
export class RetentionPoint {
  @Field(() => Int) second!: number;
  @Field(() => Float, { description: "Share of viewers (0..1) who watched this second." }) viewers!: number;
}

@ObjectType({ simpleResolvers: true })
export class ConfusionBucket {
  @Field(() => Int) startSeconds!: number;
  @Field(() => Int) endSeconds!: number;
  @Field(() => Float, { description: "Weighted, normalised confusion signal of the bucket (0..1)." }) score!: number;
  @Field(() => Int, { description: "Backward seeks that returned into this bucket." }) rewinds!: number;
  @Field(() => Int) pauses!: number;
  @Field(() => Int) confusedFlags!: number;
  @Field(() => Int) tutorQuestions!: number;
  @Field(() => Int, { description: "Wrong answers to quiz questions that cover a moment of this bucket." }) wrongAnswers!: number;
}

@ObjectType({
  description:
    "A video's figures over a range. The viewers' figures are of the range's cohort: the learners whose first event on the video fell in the range, with what they have watched so far.",
})
export class VideoAnalytics {
  @Field(() => Video) video!: VideoRow;
  @Field(() => Int, { description: "Learners' days in the range with at least one play of the video." }) views!: number;
  @Field(() => Int, { description: "Learners whose first event on the video fell in the range (the cohort)." }) uniqueViewers!: number;
  @Field(() => Float, { description: "Seconds watched in the range, by every learner." }) watchTimeSeconds!: number;
  @Field(() => Float, { description: "Per viewer of the cohort, the share of the video's seconds watched so far, averaged (0..100)." })
  averagePercentWatched!: number;
  @Field(() => Float, { description: "Share of the cohort (0..1) who have watched at least the completion threshold of the video." })
  completionRate!: number;
  // retention and confusion: field resolvers (VideoAnalyticsResolver), read only when asked for.
}

@ObjectType()
export class CourseAnalytics {
  @Field(() => Course) course!: CourseRow;
  @Field({ description: "Included." }) from!: Date;
  @Field({ description: "Excluded." }) to!: Date;
  @Field(() => Int) enrollments!: number;
  @Field(() => Int) activeLearners!: number;
  @Field(() => Int) completions!: number;
  @Field(() => Float, { description: "Completions over enrollments of the range (0..1)." }) completionRate!: number;
  @Field(() => Float, { description: "Per learner active in the range, the share of the course's video seconds watched so far, averaged (0..100)." })
  averageProgressPercent!: number;
  @Field(() => Float) watchTimeSeconds!: number;
  @Field(() => Int) revenueCents!: number;
  @Field(() => [DailyMetric], { description: "Every UTC day of the range, oldest first." }) daily!: DailyMetric[];
  @Field(() => [VideoAnalytics], { description: "The course's videos in playing order." }) videos!: VideoAnalytics[];
}

@ObjectType()
export class VideoHotspot {
  @Field(() => Video) video!: VideoRow;
  @Field(() => ConfusionBucket) bucket!: ConfusionBucket;
}

@ObjectType()
export class LiveCourseStats {
  @Field(() => Course) course!: CourseRow;
  @Field() at!: Date;
  @Field(() => Int, { description: "Learners with a heartbeat or a progress report in the last minute." }) activeViewers!: number;
  @Field(() => Int, { description: "Learners' watching events (the player's, progress reports, tutor questions) of the last minute." }) eventsLastMinute!: number;
  @Field(() => [VideoHotspot], { description: "The most confusing moments of the last minutes." }) hotspots!: VideoHotspot[];
}
