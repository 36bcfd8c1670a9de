ALTER TABLE "tutor_messages" DROP COLUMN "incomplete";
