-- CreateEnum
CREATE TYPE "UploadMethod" AS ENUM ('SINGLE_PUT', 'MULTIPART');

-- CreateEnum
CREATE TYPE "UploadStatus" AS ENUM ('PENDING', 'COMPLETED', 'ABORTED', 'FAILED');

-- AlterTable
ALTER TABLE "videos" ADD COLUMN     "audio_codec" TEXT,
ADD COLUMN     "exact_duration_seconds" DOUBLE PRECISION,
ADD COLUMN     "file_key" TEXT,
ADD COLUMN     "height" INTEGER,
ADD COLUMN     "mime_type" TEXT,
ADD COLUMN     "processed_at" TIMESTAMPTZ(3),
ADD COLUMN     "processing_error" TEXT,
ADD COLUMN     "processing_started_at" TIMESTAMPTZ(3),
ADD COLUMN     "size_bytes" BIGINT,
ADD COLUMN     "video_codec" TEXT,
ADD COLUMN     "width" INTEGER;

-- CreateTable
CREATE TABLE "video_uploads" (
    "id" UUID NOT NULL,
    "video_id" UUID NOT NULL,
    "status" "UploadStatus" NOT NULL DEFAULT 'PENDING',
    "method" "UploadMethod" NOT NULL,
    "storage_key" TEXT NOT NULL,
    "multipart_upload_id" TEXT,
    "size_bytes" BIGINT NOT NULL,
    "content_type" TEXT NOT NULL,
    "file_name" TEXT NOT NULL,
    "part_size_bytes" INTEGER,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "error" TEXT,
    "completed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "video_uploads_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "video_uploads_video_id_status_idx" ON "video_uploads"("video_id", "status");

-- CreateIndex
CREATE INDEX "video_uploads_status_expires_at_idx" ON "video_uploads"("status", "expires_at");

-- AddForeignKey
ALTER TABLE "video_uploads" ADD CONSTRAINT "video_uploads_video_id_fkey" FOREIGN KEY ("video_id") REFERENCES "videos"("id") ON DELETE CASCADE ON UPDATE CASCADE;
