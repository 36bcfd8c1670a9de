-- CreateTable
-- Hand-written: PARTITION BY, which Prisma's schema cannot express. One partition a month
-- (analytics_events_YYYYMM), made ahead and dropped after ANALYTICS_RETENTION_DAYS by the module
-- (analytics-partitions.ts); there is no default partition, so a month is never filled by mistake
-- into one that would then block creating its own.
CREATE TABLE "analytics_events" (
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "user_id" UUID NOT NULL,
    "client_event_id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "course_id" UUID NOT NULL,
    "video_id" UUID,
    "position_seconds" DOUBLE PRECISION,
    "from_position_seconds" DOUBLE PRECISION,
    "playback_rate" DOUBLE PRECISION,
    "learner" BOOLEAN NOT NULL,
    "detail" JSONB,

    CONSTRAINT "analytics_events_pkey" PRIMARY KEY ("received_at","user_id","client_event_id")
) PARTITION BY RANGE ("received_at");

-- CreateTable
CREATE TABLE "analytics_event_keys" (
    "user_id" UUID NOT NULL,
    "client_event_id" TEXT NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "analytics_event_keys_pkey" PRIMARY KEY ("user_id","client_event_id")
);

-- CreateTable
CREATE TABLE "analytics_course_days" (
    "course_id" UUID NOT NULL,
    "day" DATE NOT NULL,
    "enrollments" INTEGER NOT NULL DEFAULT 0,
    "completions" INTEGER NOT NULL DEFAULT 0,
    "watch_seconds" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "revenue_cents" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "analytics_course_days_pkey" PRIMARY KEY ("course_id","day")
);

-- CreateTable
CREATE TABLE "analytics_course_learner_days" (
    "course_id" UUID NOT NULL,
    "day" DATE NOT NULL,
    "user_id" UUID NOT NULL,

    CONSTRAINT "analytics_course_learner_days_pkey" PRIMARY KEY ("course_id","day","user_id")
);

-- CreateTable
CREATE TABLE "analytics_video_viewer_days" (
    "video_id" UUID NOT NULL,
    "day" DATE NOT NULL,
    "user_id" UUID NOT NULL,
    "course_id" UUID NOT NULL,
    "plays" INTEGER NOT NULL DEFAULT 0,
    "watch_seconds" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "watched" nummultirange NOT NULL DEFAULT '{}'::nummultirange,

    CONSTRAINT "analytics_video_viewer_days_pkey" PRIMARY KEY ("video_id","day","user_id")
);

-- CreateTable
CREATE TABLE "analytics_video_buckets" (
    "video_id" UUID NOT NULL,
    "day" DATE NOT NULL,
    "bucket" INTEGER NOT NULL,
    "course_id" UUID NOT NULL,
    "rewinds" INTEGER NOT NULL DEFAULT 0,
    "pauses" INTEGER NOT NULL DEFAULT 0,
    "confused_flags" INTEGER NOT NULL DEFAULT 0,
    "tutor_questions" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "analytics_video_buckets_pkey" PRIMARY KEY ("video_id","day","bucket")
);

-- CreateTable
CREATE TABLE "analytics_live_ticks" (
    "course_id" UUID NOT NULL,
    "second" BIGINT NOT NULL,

    CONSTRAINT "analytics_live_ticks_pkey" PRIMARY KEY ("course_id")
);

-- CreateIndex
CREATE INDEX "analytics_events_course_id_received_at_idx" ON "analytics_events"("course_id", "received_at");

-- CreateIndex
CREATE INDEX "analytics_event_keys_received_at_idx" ON "analytics_event_keys"("received_at");

-- CreateIndex
CREATE INDEX "analytics_video_viewer_days_course_id_day_idx" ON "analytics_video_viewer_days"("course_id", "day");

-- CreateIndex
CREATE INDEX "analytics_video_buckets_course_id_day_idx" ON "analytics_video_buckets"("course_id", "day");

