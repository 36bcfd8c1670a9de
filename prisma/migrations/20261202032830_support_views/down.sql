-- DropForeignKey
ALTER TABLE "public"."support_views" DROP CONSTRAINT "support_views_admin_id_fkey";

-- DropForeignKey
ALTER TABLE "public"."support_views" DROP CONSTRAINT "support_views_session_id_fkey";

-- DropForeignKey
ALTER TABLE "public"."support_views" DROP CONSTRAINT "support_views_user_id_fkey";

-- DropTable
DROP TABLE "public"."support_views";

