-- AlterTable
ALTER TABLE "videos" ADD COLUMN     "processing_error_detail" TEXT;

