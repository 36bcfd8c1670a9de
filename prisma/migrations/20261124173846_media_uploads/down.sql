-- Loses data: upload sessions, and each video's file key and probed media details.
DROP TABLE "video_uploads";

ALTER TABLE "videos" DROP COLUMN "audio_codec",
DROP COLUMN "exact_duration_seconds",
DROP COLUMN "file_key",
DROP COLUMN "height",
DROP COLUMN "mime_type",
DROP COLUMN "processed_at",
DROP COLUMN "processing_error",
DROP COLUMN "processing_started_at",
DROP COLUMN "size_bytes",
DROP COLUMN "video_codec",
DROP COLUMN "width";

DROP TYPE "UploadStatus";
DROP TYPE "UploadMethod";
