-- The triggers watch_public_data made.
DROP TRIGGER course_reviews_public_data_truncated ON "course_reviews";
DROP TRIGGER course_reviews_public_data_deleted ON "course_reviews";
DROP TRIGGER course_reviews_public_data_updated ON "course_reviews";
DROP TRIGGER course_reviews_public_data_inserted ON "course_reviews";

-- AlterTable
ALTER TABLE "public"."courses" DROP COLUMN "rating_count",
DROP COLUMN "rating_sum";

-- DropTable
DROP TABLE "public"."course_reviews";

