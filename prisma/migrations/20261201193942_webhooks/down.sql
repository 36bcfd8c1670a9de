-- DropForeignKey
ALTER TABLE "public"."webhook_deliveries" DROP CONSTRAINT "webhook_deliveries_endpoint_id_fkey";

-- DropForeignKey
ALTER TABLE "public"."webhook_deliveries" DROP CONSTRAINT "webhook_deliveries_message_id_fkey";

-- DropTable
DROP TABLE "public"."webhook_endpoints";

-- DropTable
DROP TABLE "public"."webhook_messages";

-- DropTable
DROP TABLE "public"."webhook_deliveries";

-- DropEnum
DROP TYPE "public"."WebhookDeliveryStatus";

