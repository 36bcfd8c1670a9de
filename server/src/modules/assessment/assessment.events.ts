// The events assessment emits: a learner's submitted attempt, with what each question covered, so
// analytics can mark wrong answers on its confusion heatmap at those video moments.
import type { Transaction } from "../../platform/db.ts";
import { emit, type DomainEvents, type Listeners } from "../../platform/domain-events.ts";
import type { Platform } from "../../platform/platform.ts";
import { recheckCourseCompletions } from "../learning/index.ts";

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
    /**
     * The course requires less to be completed: a required quiz was deleted or is no longer
     * required. Its listener completes the courses of learners with nothing else left. Aggregate: the course.
     */
    "assessment.completionRequirementsDropped": { courseId: string };
  }
}

export const quizAttemptSubmitted = (tx: Transaction, payload: DomainEvents["assessment.quizAttemptSubmitted"]) =>
  emit(tx, { name: "assessment.quizAttemptSubmitted", aggregate: `quiz:${payload.quizId}:user:${payload.userId}`, payload });

export const completionRequirementsDropped = (tx: Transaction, courseId: string) =>
  emit(tx, { name: "assessment.completionRequirementsDropped", aggregate: `course:${courseId}`, payload: { courseId } });

export const assessmentListeners: Listeners<Platform> = {
  // Completing who is already complete does nothing: a repeated delivery is harmless.
  "assessment.completionRequirementsDropped": ({ payload }, platform) => recheckCourseCompletions(platform, payload.courseId),
};
