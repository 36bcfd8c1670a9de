-- DropTable
DROP TABLE "public"."video_notes";

-- DropEnum
DROP TYPE "public"."VideoNoteKind";

