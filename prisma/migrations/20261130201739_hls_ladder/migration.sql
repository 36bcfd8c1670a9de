-- AlterTable
ALTER TABLE "videos" ADD COLUMN     "hls_master_key" TEXT,
ADD COLUMN     "hls_renditions" JSONB,
ADD COLUMN     "poster_key" TEXT,
ADD COLUMN     "processing_percent" INTEGER,
ADD COLUMN     "thumbnails_vtt_key" TEXT;

