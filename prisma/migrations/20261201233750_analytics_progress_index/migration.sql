-- Hand-written (a partial index, which Prisma's schema cannot express): a learner's progress
-- reports on one video, which an xAPI paused or completed statement sums into its played segments
-- (analytics-store.ts, readLearningEvents). Only PROGRESS rows are indexed.
CREATE INDEX "analytics_events_progress_idx" ON "analytics_events" ("user_id", "video_id", "received_at") WHERE "type" = 'PROGRESS';
