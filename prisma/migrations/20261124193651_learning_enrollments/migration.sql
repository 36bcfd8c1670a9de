-- CreateEnum
CREATE TYPE "EnrollmentStatus" AS ENUM ('ACTIVE', 'COMPLETED', 'REFUNDED', 'REVOKED');

-- CreateEnum
CREATE TYPE "EnrollmentSource" AS ENUM ('FREE', 'PURCHASE', 'GRANT');

-- CreateTable
CREATE TABLE "enrollments" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "course_id" UUID NOT NULL,
    "status" "EnrollmentStatus" NOT NULL DEFAULT 'ACTIVE',
    "source" "EnrollmentSource" NOT NULL,
    "enrolled_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completed_at" TIMESTAMPTZ(3),

    CONSTRAINT "enrollments_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "enrollments_course_id_status_idx" ON "enrollments"("course_id", "status");

-- CreateIndex
CREATE UNIQUE INDEX "enrollments_user_id_course_id_key" ON "enrollments"("user_id", "course_id");

-- AddForeignKey
ALTER TABLE "enrollments" ADD CONSTRAINT "enrollments_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "enrollments" ADD CONSTRAINT "enrollments_course_id_fkey" FOREIGN KEY ("course_id") REFERENCES "courses"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- The catalog's POPULARITY order reads courses.popularity: the course's ACTIVE and COMPLETED
-- enrollments, kept here by increments (a recount would read every enrollment of a big course).
CREATE FUNCTION enrollments_keep_course_popularity() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  counted_before int := CASE WHEN TG_OP <> 'INSERT' AND OLD.status IN ('ACTIVE', 'COMPLETED') THEN 1 ELSE 0 END;
  counted_after int := CASE WHEN TG_OP <> 'DELETE' AND NEW.status IN ('ACTIVE', 'COMPLETED') THEN 1 ELSE 0 END;
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.course_id <> NEW.course_id THEN
    UPDATE courses SET popularity = popularity - counted_before WHERE id = OLD.course_id AND counted_before <> 0;
    UPDATE courses SET popularity = popularity + counted_after WHERE id = NEW.course_id AND counted_after <> 0;
  ELSIF counted_after <> counted_before THEN
    UPDATE courses SET popularity = popularity + counted_after - counted_before
      WHERE id = CASE WHEN TG_OP = 'DELETE' THEN OLD.course_id ELSE NEW.course_id END;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER enrollments_keep_course_popularity AFTER INSERT OR UPDATE OF status, course_id OR DELETE ON "enrollments"
  FOR EACH ROW EXECUTE FUNCTION enrollments_keep_course_popularity();
