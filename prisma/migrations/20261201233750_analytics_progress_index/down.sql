DROP INDEX "analytics_events_progress_idx";
