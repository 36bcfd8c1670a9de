ALTER TABLE "videos" DROP COLUMN "processing_error_detail";
