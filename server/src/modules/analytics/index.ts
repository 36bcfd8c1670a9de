// analytics: the learners' events (trackEvents from the player) and the other modules' domain
// events (enrollments, completions, watched ranges, payments, refunds, tutor questions), kept in a
// month-partitioned store with rollups maintained as they arrive, read by the course team's
// dashboards (courseAnalytics, videoAnalytics) and, live, by courseAnalyticsLive. Last module:
// it listens to every other one.
import type { Module } from "../../platform/module.ts";
import { exactDurations } from "../media/index.ts";
import { analyticsListeners } from "./analytics.events.ts";
import { startPartitionMaintenance } from "./analytics-partitions.ts";
import { startRollups, stopRollups } from "./analytics-rollups.ts";
import { AnalyticsResolver, LiveCourseStatsResolver, VideoAnalyticsResolver, VideoHotspotResolver } from "./analytics.resolver.ts";
import { analyticsRules } from "./analytics.rules.ts";

export { rollUpNow } from "./analytics-rollups.ts";
export { appendEvents, type StoredEvent } from "./analytics-store.ts";

export const analytics: Module = {
  name: "analytics",
  resolvers: [AnalyticsResolver, LiveCourseStatsResolver, VideoAnalyticsResolver, VideoHotspotResolver],
  rules: analyticsRules,
  listeners: analyticsListeners,
  async start(platform) {
    await startPartitionMaintenance(platform);
    startRollups(platform, { completionThreshold: platform.config.completionThreshold, durations: exactDurations });
  },
  stop: stopRollups,
};
