-- Loses data: every raw analytics event (with the partitions the app made) and every rollup.
DROP TABLE "analytics_live_ticks";
DROP TABLE "analytics_video_buckets";
DROP TABLE "analytics_video_viewer_days";
DROP TABLE "analytics_course_learner_days";
DROP TABLE "analytics_course_days";
DROP TABLE "analytics_event_keys";
-- Dropping a partitioned table drops its partitions (analytics_events_YYYYMM) with it.
DROP TABLE "analytics_events";
