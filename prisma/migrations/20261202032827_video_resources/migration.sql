-- CreateEnum
CREATE TYPE "VideoResourceStatus" AS ENUM ('PENDING', 'READY');

-- CreateTable
CREATE TABLE "video_resources" (
    "id" UUID NOT NULL,
    "video_id" UUID NOT NULL,
    "status" "VideoResourceStatus" NOT NULL DEFAULT 'PENDING',
    "file_name" TEXT NOT NULL,
    "content_type" TEXT NOT NULL,
    "size_bytes" BIGINT NOT NULL,
    "storage_key" TEXT NOT NULL,
    "position" INTEGER,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "completed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "video_resources_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "video_resources_storage_key_key" ON "video_resources"("storage_key");

-- CreateIndex
CREATE INDEX "video_resources_video_id_status_position_idx" ON "video_resources"("video_id", "status", "position");

-- CreateIndex
CREATE INDEX "video_resources_status_expires_at_idx" ON "video_resources"("status", "expires_at");

-- AddForeignKey
ALTER TABLE "video_resources" ADD CONSTRAINT "video_resources_video_id_fkey" FOREIGN KEY ("video_id") REFERENCES "videos"("id") ON DELETE CASCADE ON UPDATE CASCADE;

