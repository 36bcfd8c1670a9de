// While a learner takes a quiz, the tutor declines the quiz's own questions: a question that
// shares most of the words of one of the quiz's questions (or of its choices) is refused before
// anything is reserved or stored. Words are compared as PostgreSQL's English text search sees them
// (stemmed, without stop words), so "Which keyword declares constants?" matches "Which keyword
// declares a constant?" while a question about something else is answered as usual.
import type { Context } from "../../platform/context.ts";
import { Prisma, readRows } from "../../platform/db.ts";
import { forbidden } from "../../platform/errors.ts";
import { openQuizOf } from "../assessment/index.ts";

/** The share of a quiz text's words a question must contain to be that quiz's question. */
const SHARED_WORDS = 0.6;
/** Shorter quiz texts ("True or false?") say too little to recognise a question by. */
const MIN_WORDS = 2;

export async function declineOpenQuizQuestions(context: Context, courseId: string, question: string): Promise<void> {
  const quiz = await openQuizOf(context, context.viewer!.userId, courseId);
  if (!quiz) return;
  const texts = quiz.questions.flatMap((quizQuestion) => [quizQuestion.prompt, quizQuestion.choices.join(" ")]);
  const [match] = await readRows<{ shared: number; total: number }>(context.db, Prisma.sql`
    WITH asked AS (SELECT tsvector_to_array(to_tsvector('english', ${question})) AS words),
    quiz AS (SELECT tsvector_to_array(to_tsvector('english', text)) AS words FROM unnest(${texts}::text[]) AS text)
    SELECT cardinality(ARRAY(SELECT unnest(quiz.words) INTERSECT SELECT unnest(asked.words)))::int AS shared, cardinality(quiz.words)::int AS total
    FROM quiz, asked
    WHERE cardinality(quiz.words) >= ${MIN_WORDS}
    ORDER BY cardinality(ARRAY(SELECT unnest(quiz.words) INTERSECT SELECT unnest(asked.words)))::float / cardinality(quiz.words) DESC
    LIMIT 1`);
  if (match && match.shared / match.total >= SHARED_WORDS) {
    throw forbidden(
      `You are taking the quiz "${quiz.title}": the tutor does not answer its questions until you submit it. Ask again afterwards, or ask about something else.`,
      { reason: "QUIZ_IN_PROGRESS" },
    );
  }
}
