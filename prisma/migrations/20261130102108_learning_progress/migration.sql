-- CreateTable
CREATE TABLE "video_progress" (
    "enrollment_id" UUID NOT NULL,
    "video_id" UUID NOT NULL,
    "watched" nummultirange NOT NULL DEFAULT '{}'::nummultirange,
    "position_seconds" DOUBLE PRECISION NOT NULL,
    "position_at" TIMESTAMPTZ(3) NOT NULL,
    "completed_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "video_progress_pkey" PRIMARY KEY ("enrollment_id","video_id")
);

-- CreateIndex
CREATE INDEX "video_progress_video_id_idx" ON "video_progress"("video_id");

-- AddForeignKey
ALTER TABLE "video_progress" ADD CONSTRAINT "video_progress_enrollment_id_fkey" FOREIGN KEY ("enrollment_id") REFERENCES "enrollments"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "video_progress" ADD CONSTRAINT "video_progress_video_id_fkey" FOREIGN KEY ("video_id") REFERENCES "videos"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- The length of a union of watched ranges, in seconds (the ranges of a multirange never overlap).
CREATE FUNCTION watched_seconds(nummultirange) RETURNS numeric
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT coalesce(sum(upper(r) - lower(r)), 0) FROM unnest($1) AS r $$;
