-- AlterTable
ALTER TABLE "public"."analytics_video_buckets" DROP COLUMN "wrong_answers";

