// The events assessment emits: a learner's submitted attempt, with what each question covered, so
// analytics can mark wrong answers on its confusion heatmap at those video moments.
import type { Transaction } from "../../platform/db.ts";
import { emit, type DomainEvents } from "../../platform/domain-events.ts";

interface QuestionOutcome {
  questionId: string;
  correct: boolean;
  /** Database ids of the videos, seconds into them. */
  coveredMoments: { videoId: string; seconds: number }[];
}

declare module "../../platform/domain-events.ts" {
  interface DomainEvents {
    /**
     * A learner submitted an attempt at a quiz (a team member's preview emits nothing), graded.
     * Aggregate: the learner's attempts at the quiz.
     */
    "assessment.quizAttemptSubmitted": {
      attemptId: string;
      quizId: string;
      courseId: string;
      userId: string;
      number: number;
      scorePercent: number;
      passed: boolean;
      requiredForCompletion: boolean;
      submittedAt: string;
      questions: QuestionOutcome[];
    };
  }
}

export const quizAttemptSubmitted = (tx: Transaction, payload: DomainEvents["assessment.quizAttemptSubmitted"]) =>
  emit(tx, { name: "assessment.quizAttemptSubmitted", aggregate: `quiz:${payload.quizId}:user:${payload.userId}`, payload });
