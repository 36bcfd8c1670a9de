-- AlterTable
ALTER TABLE "tutor_messages" ADD COLUMN     "incomplete" BOOLEAN NOT NULL DEFAULT false;

