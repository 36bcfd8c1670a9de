// Assessment's answer to learning's completionRequirements: a course whose team made quizzes
// required is completed only once its learner passed each of them (their first passing attempt
// dates it). Preview attempts never count.
import type { Transaction } from "../../platform/db.ts";
import type { CompletionRequirement } from "../learning/index.ts";
import { requiredQuizzesByLearner } from "./quiz.loaders.ts";

export const requiredQuizzes: CompletionRequirement = {
  async check(tx: Transaction, { userId, courseId }) {
    const [counts] = await tx.$queryRaw<{ required: number; met: number; lastMetAt: Date | null }[]>`
      SELECT count(*)::int AS required, count(passed.first_at)::int AS met, max(passed.first_at) AS "lastMetAt"
      FROM quizzes q
      LEFT JOIN LATERAL (
        SELECT min(a.submitted_at) AS first_at FROM quiz_attempts a
        WHERE a.quiz_id = q.id AND a.user_id = ${userId}::uuid AND NOT a.preview AND a.passed
      ) passed ON true
      WHERE q.course_id = ${courseId}::uuid AND q.required_for_completion`;
    return counts;
  },
  progress: (context, { userId, courseId }) => context.loader(requiredQuizzesByLearner).load(`${userId}:${courseId}`),
};
