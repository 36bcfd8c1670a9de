
-- DropForeignKey
ALTER TABLE "public"."quiz_questions" DROP CONSTRAINT "quiz_questions_quiz_id_fkey";

-- DropForeignKey
ALTER TABLE "public"."quiz_choices" DROP CONSTRAINT "quiz_choices_question_id_fkey";

-- DropForeignKey
ALTER TABLE "public"."quiz_attempts" DROP CONSTRAINT "quiz_attempts_quiz_id_fkey";

-- DropTable
DROP TABLE "public"."quizzes";

-- DropTable
DROP TABLE "public"."quiz_questions";

-- DropTable
DROP TABLE "public"."quiz_choices";

-- DropTable
DROP TABLE "public"."quiz_attempts";

-- DropEnum
DROP TYPE "public"."QuizQuestionKind";

