-- Loses data: every learner's video progress.
DROP FUNCTION watched_seconds(nummultirange);

DROP TABLE "video_progress";
