// What learning asks of the modules after it in the dependency order, which it may not import:
// they answer in their Module objects (`extend(completionRequirements, ...)`).
import type { Context } from "../../platform/context.ts";
import type { Transaction } from "../../platform/db.ts";
import { ExtensionPoint } from "../../platform/extension-points.ts";

/** A learner in a course, as a requirement is asked about them. */
export interface Learner {
  userId: string;
  courseId: string;
}

/** How many of a kind of requirement the course sets, and how many of them the learner met. */
export interface RequirementCount {
  required: number;
  met: number;
}

/**
 * What a course asks of a learner besides watching its videos (assessment: passing the quizzes the
 * instructors made required). A course is completed once every requirement of every answer is met.
 */
export interface CompletionRequirement {
  /**
   * Asked in the completing transaction, under the enrollment's row lock, after the change that may
   * have met the last requirement committed: lastMetAt dates the completion when it comes last.
   */
  check(tx: Transaction, learner: Learner): Promise<RequirementCount & { lastMetAt: Date | null }>;
  /** For a progress answer; asked for every enrollment of a list, so it reads through the request's DataLoaders. */
  progress(context: Context, learner: Learner): Promise<RequirementCount>;
}

export const completionRequirements = new ExtensionPoint<CompletionRequirement>("learning.completionRequirements");
