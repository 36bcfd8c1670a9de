-- CreateEnum
CREATE TYPE "TutorRole" AS ENUM ('USER', 'ASSISTANT');

-- CreateEnum
CREATE TYPE "TutorPassageSource" AS ENUM ('TRANSCRIPT', 'DESCRIPTION');

-- CreateTable
CREATE TABLE "tutor_passages" (
    "id" UUID NOT NULL,
    "course_id" UUID NOT NULL,
    "video_id" UUID NOT NULL,
    "source" "TutorPassageSource" NOT NULL,
    "start_seconds" DOUBLE PRECISION NOT NULL,
    "end_seconds" DOUBLE PRECISION,
    "content" TEXT NOT NULL,
    -- Generated, so every write of content keeps it; 'english' stems as the catalog's search does.
    "search_vector" tsvector GENERATED ALWAYS AS (to_tsvector('english', "content")) STORED,

    CONSTRAINT "tutor_passages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tutor_indexed_videos" (
    "video_id" UUID NOT NULL,
    "digest" TEXT NOT NULL,
    "indexed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "tutor_indexed_videos_pkey" PRIMARY KEY ("video_id")
);

-- CreateTable
CREATE TABLE "tutor_threads" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "course_id" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "tutor_threads_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tutor_messages" (
    "id" UUID NOT NULL,
    "thread_id" UUID NOT NULL,
    "role" "TutorRole" NOT NULL,
    "content" TEXT NOT NULL,
    "citations" JSONB NOT NULL DEFAULT '[]',
    "prompt_tokens" INTEGER,
    "completion_tokens" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "tutor_messages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tutor_usage" (
    "user_id" UUID NOT NULL,
    "day" DATE NOT NULL,
    "tokens_used" INTEGER NOT NULL DEFAULT 0,
    "window_start" TIMESTAMPTZ(3) NOT NULL,
    "window_requests" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "tutor_usage_pkey" PRIMARY KEY ("user_id")
);

-- CreateIndex
CREATE INDEX "tutor_passages_search_vector_idx" ON "tutor_passages" USING GIN ("search_vector");

-- CreateIndex
CREATE INDEX "tutor_passages_course_id_idx" ON "tutor_passages"("course_id");

-- CreateIndex
CREATE INDEX "tutor_passages_video_id_start_seconds_idx" ON "tutor_passages"("video_id", "start_seconds");

-- CreateIndex
CREATE INDEX "tutor_threads_user_id_course_id_updated_at_idx" ON "tutor_threads"("user_id", "course_id", "updated_at");

-- CreateIndex
CREATE INDEX "tutor_messages_thread_id_created_at_id_idx" ON "tutor_messages"("thread_id", "created_at", "id");

-- AddForeignKey
ALTER TABLE "tutor_passages" ADD CONSTRAINT "tutor_passages_course_id_fkey" FOREIGN KEY ("course_id") REFERENCES "courses"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tutor_passages" ADD CONSTRAINT "tutor_passages_video_id_fkey" FOREIGN KEY ("video_id") REFERENCES "videos"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tutor_indexed_videos" ADD CONSTRAINT "tutor_indexed_videos_video_id_fkey" FOREIGN KEY ("video_id") REFERENCES "videos"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tutor_threads" ADD CONSTRAINT "tutor_threads_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tutor_threads" ADD CONSTRAINT "tutor_threads_course_id_fkey" FOREIGN KEY ("course_id") REFERENCES "courses"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tutor_messages" ADD CONSTRAINT "tutor_messages_thread_id_fkey" FOREIGN KEY ("thread_id") REFERENCES "tutor_threads"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tutor_usage" ADD CONSTRAINT "tutor_usage_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

