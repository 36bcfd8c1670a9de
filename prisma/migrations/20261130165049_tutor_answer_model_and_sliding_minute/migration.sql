-- AlterTable
ALTER TABLE "tutor_messages" ADD COLUMN     "model" TEXT;

-- AlterTable
ALTER TABLE "tutor_usage" DROP COLUMN "window_requests",
DROP COLUMN "window_start",
ADD COLUMN     "recent_requests" TIMESTAMPTZ(3)[] DEFAULT ARRAY[]::TIMESTAMPTZ(3)[];


-- Answers stored before the column: the offline model's are recognisable by their opening words.
UPDATE "tutor_messages" SET "model" = 'excerpts'
WHERE "role" = 'ASSISTANT' AND ("content" LIKE 'Excerpts from this course''s transcripts%' OR "content" = 'This course''s transcripts do not cover that.');
