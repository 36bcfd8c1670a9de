-- AlterTable
ALTER TABLE "analytics_video_buckets" ADD COLUMN     "wrong_answers" INTEGER NOT NULL DEFAULT 0;

