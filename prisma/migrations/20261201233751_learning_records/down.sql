-- DropTable
DROP TABLE "public"."xapi_push_state";
