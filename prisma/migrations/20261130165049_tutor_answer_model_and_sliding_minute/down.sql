-- Loses data: which model wrote each tutor answer.
ALTER TABLE "tutor_messages" DROP COLUMN "model";

-- Every learner starts a fresh fixed minute: window_start has no default, so one is given for the
-- rows already there and then taken away.
ALTER TABLE "tutor_usage" DROP COLUMN "recent_requests",
ADD COLUMN     "window_start" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "window_requests" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "tutor_usage" ALTER COLUMN "window_start" DROP DEFAULT;
