-- Hand-written: the search index and its function.
DROP INDEX "course_questions_search_idx";
DROP FUNCTION course_question_search(text, text);

-- DropForeignKey
ALTER TABLE "public"."course_questions" DROP CONSTRAINT "course_questions_accepted_answer_id_fkey";

-- DropForeignKey
ALTER TABLE "public"."question_answers" DROP CONSTRAINT "question_answers_question_id_fkey";

-- DropTable
DROP TABLE "public"."course_questions";

-- DropTable
DROP TABLE "public"."question_answers";

-- DropTable
DROP TABLE "public"."community_notifications";

-- DropTable
DROP TABLE "public"."community_preferences";

-- DropEnum
DROP TYPE "public"."CommunityNotificationKind";

