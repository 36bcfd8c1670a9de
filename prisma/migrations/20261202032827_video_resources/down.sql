-- DropForeignKey
ALTER TABLE "public"."video_resources" DROP CONSTRAINT "video_resources_video_id_fkey";

-- DropTable
DROP TABLE "public"."video_resources";

-- DropEnum
DROP TYPE "public"."VideoResourceStatus";

