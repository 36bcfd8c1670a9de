-- CreateTable
CREATE TABLE "support_views" (
    "id" UUID NOT NULL,
    "admin_id" UUID NOT NULL,
    "session_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "reason" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "ended_at" TIMESTAMPTZ(3),

    CONSTRAINT "support_views_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "support_views_user_id_id_idx" ON "support_views"("user_id", "id");

-- CreateIndex
CREATE INDEX "support_views_admin_id_idx" ON "support_views"("admin_id");

-- CreateIndex
CREATE INDEX "support_views_session_id_idx" ON "support_views"("session_id");

-- AddForeignKey
ALTER TABLE "support_views" ADD CONSTRAINT "support_views_admin_id_fkey" FOREIGN KEY ("admin_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "support_views" ADD CONSTRAINT "support_views_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "sessions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "support_views" ADD CONSTRAINT "support_views_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

