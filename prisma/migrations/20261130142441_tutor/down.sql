-- Loses data: every tutor thread and message, the transcript passages index and token usage.
DROP TABLE "tutor_usage";
DROP TABLE "tutor_messages";
DROP TABLE "tutor_threads";
DROP TABLE "tutor_indexed_videos";
DROP TABLE "tutor_passages";

DROP TYPE "TutorPassageSource";
DROP TYPE "TutorRole";
