-- AlterTable
ALTER TABLE "analytics_course_days" ADD COLUMN     "active_learners" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "analytics_events" ADD COLUMN     "xid" xid8 NOT NULL DEFAULT pg_current_xact_id();

-- DropTable
DROP TABLE "analytics_course_learner_days";

-- DropTable
DROP TABLE "analytics_video_viewer_days";

-- CreateTable
CREATE TABLE "analytics_rollup_state" (
    "id" INTEGER NOT NULL,
    "rolled_up_before" xid8 NOT NULL DEFAULT '0'::xid8,

    CONSTRAINT "analytics_rollup_state_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "analytics_course_versions" (
    "course_id" UUID NOT NULL,
    "version" BIGINT NOT NULL,

    CONSTRAINT "analytics_course_versions_pkey" PRIMARY KEY ("course_id")
);

-- CreateTable
CREATE TABLE "analytics_course_learners" (
    "course_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "active_days" datemultirange NOT NULL DEFAULT '{}'::datemultirange,
    "watched_seconds" DOUBLE PRECISION NOT NULL DEFAULT 0,

    CONSTRAINT "analytics_course_learners_pkey" PRIMARY KEY ("course_id","user_id")
);

-- CreateTable
CREATE TABLE "analytics_video_viewers" (
    "video_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "course_id" UUID NOT NULL,
    "first_day" DATE NOT NULL,
    "play_days" datemultirange NOT NULL DEFAULT '{}'::datemultirange,
    "watched" nummultirange NOT NULL DEFAULT '{}'::nummultirange,
    "watched_seconds" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "completed" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "analytics_video_viewers_pkey" PRIMARY KEY ("video_id","user_id")
);

-- CreateTable
CREATE TABLE "analytics_video_days" (
    "video_id" UUID NOT NULL,
    "day" DATE NOT NULL,
    "course_id" UUID NOT NULL,
    "views" INTEGER NOT NULL DEFAULT 0,
    "watch_seconds" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "viewers" INTEGER NOT NULL DEFAULT 0,
    "watched_seconds" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "completed_viewers" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "analytics_video_days_pkey" PRIMARY KEY ("video_id","day")
);

-- CreateTable
CREATE TABLE "analytics_video_retention" (
    "video_id" UUID NOT NULL,
    "day" DATE NOT NULL,
    "second" INTEGER NOT NULL,
    "course_id" UUID NOT NULL,
    "viewers" INTEGER NOT NULL,

    CONSTRAINT "analytics_video_retention_pkey" PRIMARY KEY ("video_id","day","second")
);

-- CreateIndex
CREATE INDEX "analytics_video_viewers_course_id_idx" ON "analytics_video_viewers"("course_id");

-- CreateIndex
CREATE INDEX "analytics_video_days_course_id_day_idx" ON "analytics_video_days"("course_id", "day");

-- CreateIndex
CREATE INDEX "analytics_video_retention_course_id_idx" ON "analytics_video_retention"("course_id");

-- CreateIndex
CREATE INDEX "analytics_events_xid_idx" ON "analytics_events"("xid");


-- Hand-written: the rollups start again from the raw events still kept, which the column added
-- above marks with this migration's transaction id: the rollup job takes them all in from a
-- watermark of 0 (the old per-viewer-day rollups are replaced by cohort rollups).
DELETE FROM "analytics_course_days";
DELETE FROM "analytics_video_buckets";
INSERT INTO "analytics_rollup_state" ("id") VALUES (1);
