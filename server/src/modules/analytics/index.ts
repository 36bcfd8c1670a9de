// analytics: the learners' events (trackEvents from the player) and the other modules' domain
// events (enrollments, completions, watched ranges, payments, refunds, tutor questions), kept in a
// month-partitioned store with rollups maintained as they arrive, read by the course team's
// dashboards (courseAnalytics, videoAnalytics) and, live, by courseAnalyticsLive. Last module:
// it listens to every other one.
import { fieldCoordinates, type Module } from "../../platform/module.ts";
import { exactDurations } from "../media/index.ts";
import { analyticsListeners } from "./analytics.events.ts";
import { startPartitionMaintenance } from "./analytics-partitions.ts";
import { startRollups, stopRollups } from "./analytics-rollups.ts";
import { AnalyticsResolver, LiveCourseStatsResolver, VideoAnalyticsResolver, VideoHotspotResolver } from "./analytics.resolver.ts";
import { analyticsRules } from "./analytics.rules.ts";
import { analyticsScopes } from "./analytics.scopes.ts";
import type { CourseAnalyticsView, VideoAnalyticsView } from "./course-analytics.service.ts";

export { rollUpNow } from "./analytics-rollups.ts";
export { appendEvents, countLearningEvents, readLearningEvents, type LearningEvent, type LearningEventKey, type StoredEvent } from "./analytics-store.ts";

export const analytics: Module = {
  name: "analytics",
  resolvers: [AnalyticsResolver, LiveCourseStatsResolver, VideoAnalyticsResolver, VideoHotspotResolver],
  rules: analyticsRules,
  listeners: analyticsListeners,
  // A dashboard's reads, kept per person: what they show depends on the rollups and the course's
  // rows (both notified) and, for whom may see them at all, on the viewer's role and the course's team.
  ownFields: [
    ...fieldCoordinates("Query", ["courseAnalytics", "videoAnalytics", "course"]),
    ...fieldCoordinates("CourseAnalytics", [
      "course", "from", "to", "enrollments", "activeLearners", "completions", "completionRate", "averageProgressPercent",
      "watchTimeSeconds", "revenueCents", "daily", "videos",
    ]),
    ...fieldCoordinates("DailyMetric", ["date", "enrollments", "activeLearners", "completions", "watchTimeSeconds", "revenueCents"]),
    ...fieldCoordinates("VideoAnalytics", [
      "video", "views", "uniqueViewers", "watchTimeSeconds", "averagePercentWatched", "completionRate", "retention", "confusion",
    ]),
    ...fieldCoordinates("RetentionPoint", ["second", "viewers"]),
    ...fieldCoordinates("ConfusionBucket", ["startSeconds", "endSeconds", "score", "rewinds", "pauses", "confusedFlags", "tutorQuestions", "wrongAnswers"]),
    // The course's and videos' fields the dashboard shows beside them: rows the feed watches, and
    // for viewerCanEdit the viewer's role and the team. (A video's playback is signed for a while: never kept.)
    ...fieldCoordinates("Course", ["id", "title", "currency", "viewerCanEdit"]),
    ...fieldCoordinates("Video", ["id", "title", "position", "durationSeconds"]),
  ],
  publicScopes: {
    CourseAnalytics: (view: CourseAnalyticsView) => analyticsScopes(view.scope),
    VideoAnalytics: (view: VideoAnalyticsView) => analyticsScopes(view.scope),
  },
  async start(platform) {
    await startPartitionMaintenance(platform);
    startRollups(platform, { completionThreshold: platform.config.completionThreshold, durations: exactDurations });
  },
  stop: stopRollups,
};
