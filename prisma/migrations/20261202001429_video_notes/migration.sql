-- CreateEnum
CREATE TYPE "VideoNoteKind" AS ENUM ('NOTE', 'BOOKMARK');

-- CreateTable
CREATE TABLE "video_notes" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "course_id" UUID NOT NULL,
    "video_id" UUID NOT NULL,
    "kind" "VideoNoteKind" NOT NULL,
    "position_seconds" DOUBLE PRECISION NOT NULL,
    "text" TEXT NOT NULL DEFAULT '',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "video_notes_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "video_notes_user_id_course_id_video_id_position_seconds_idx" ON "video_notes"("user_id", "course_id", "video_id", "position_seconds");

-- CreateIndex
CREATE INDEX "video_notes_course_id_idx" ON "video_notes"("course_id");

