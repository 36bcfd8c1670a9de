-- CreateTable
CREATE TABLE "xapi_push_state" (
    "id" INTEGER NOT NULL,
    "stored_at" TIMESTAMPTZ(3) NOT NULL,
    "user_id" UUID NOT NULL,
    "client_event_id" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "xapi_push_state_pkey" PRIMARY KEY ("id")
);
