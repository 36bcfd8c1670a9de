-- CreateEnum
CREATE TYPE "CommunityNotificationKind" AS ENUM ('ANSWER_POSTED');

-- CreateTable
CREATE TABLE "course_questions" (
    "id" UUID NOT NULL,
    "course_id" UUID NOT NULL,
    "video_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "position_seconds" DOUBLE PRECISION NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "edited" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deleted_at" TIMESTAMPTZ(3),
    "hidden_at" TIMESTAMPTZ(3),
    "hidden_by_id" UUID,
    "accepted_answer_id" UUID,

    CONSTRAINT "course_questions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "question_answers" (
    "id" UUID NOT NULL,
    "question_id" UUID NOT NULL,
    "course_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "body" TEXT NOT NULL,
    "edited" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "hidden_at" TIMESTAMPTZ(3),
    "hidden_by_id" UUID,

    CONSTRAINT "question_answers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "community_notifications" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "kind" "CommunityNotificationKind" NOT NULL,
    "course_id" UUID NOT NULL,
    "question_id" UUID NOT NULL,
    "answer_id" UUID NOT NULL,
    "actor_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "read_at" TIMESTAMPTZ(3),

    CONSTRAINT "community_notifications_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "community_preferences" (
    "user_id" UUID NOT NULL,
    "mail_on_answer" BOOLEAN NOT NULL DEFAULT false,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "community_preferences_pkey" PRIMARY KEY ("user_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "course_questions_accepted_answer_id_key" ON "course_questions"("accepted_answer_id");

-- CreateIndex
CREATE INDEX "course_questions_video_id_position_seconds_idx" ON "course_questions"("video_id", "position_seconds");

-- CreateIndex
CREATE INDEX "course_questions_course_id_created_at_idx" ON "course_questions"("course_id", "created_at");

-- CreateIndex
CREATE INDEX "question_answers_question_id_created_at_idx" ON "question_answers"("question_id", "created_at");

-- CreateIndex
CREATE INDEX "question_answers_course_id_idx" ON "question_answers"("course_id");

-- CreateIndex
CREATE INDEX "community_notifications_user_id_created_at_idx" ON "community_notifications"("user_id", "created_at");

-- CreateIndex
CREATE INDEX "community_notifications_course_id_idx" ON "community_notifications"("course_id");

-- CreateIndex
CREATE UNIQUE INDEX "community_notifications_answer_id_user_id_key" ON "community_notifications"("answer_id", "user_id");

-- AddForeignKey
ALTER TABLE "course_questions" ADD CONSTRAINT "course_questions_accepted_answer_id_fkey" FOREIGN KEY ("accepted_answer_id") REFERENCES "question_answers"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "question_answers" ADD CONSTRAINT "question_answers_question_id_fkey" FOREIGN KEY ("question_id") REFERENCES "course_questions"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Search within a course's questions, as the catalog searches courses: each word stemmed
-- ('english') and as written ('simple', for search-as-you-type prefixes), the title weighing more
-- than the body. An expression index rather than a column: nothing to keep in step on writes.
CREATE FUNCTION course_question_search(title text, body text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT setweight(to_tsvector('english'::regconfig, title) || to_tsvector('simple'::regconfig, title), 'A') ||
         setweight(to_tsvector('english'::regconfig, body) || to_tsvector('simple'::regconfig, body), 'B')
$$;

CREATE INDEX "course_questions_search_idx" ON "course_questions" USING GIN (course_question_search("title", "body"));
