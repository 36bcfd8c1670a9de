// What the catalog asks of the modules after it in the dependency order, which it may not import:
// they answer in their Module objects (`extend(publishPreconditions, ...)`).
import type { GraphQLError } from "graphql";
import type { Context } from "../../platform/context.ts";
import type { Database, Transaction } from "../../platform/db.ts";
import { ExtensionPoint } from "../../platform/extension-points.ts";
import type { CourseRow } from "./course.loaders.ts";

/** Why a change to the course may not happen (the refusal to throw), or null. */
export type CourseCheck = (tx: Transaction, courseId: string) => Promise<GraphQLError | null>;

/** Asked under the course's row lock, in the transaction that publishes it. */
export const publishPreconditions = new ExtensionPoint<CourseCheck>("catalog.publishPreconditions");

/** Asked under the course's row lock, so the answer holds until the deletion commits. */
export const deletionVetoes = new ExtensionPoint<CourseCheck>("catalog.deletionVetoes");

/**
 * Run in the deleting transaction, under the course's row lock and while the course's rows still
 * exist: a later module reads what it keeps of the course (media: its videos' files) and emits the
 * event its own listener cleans up after, once the deletion has committed.
 */
export type CourseDeletionHook = (tx: Transaction, courseId: string) => Promise<void>;

export const courseDeletion = new ExtensionPoint<CourseDeletionHook>("catalog.courseDeletion");

/**
 * How many learners count towards each course's POPULARITY, by course id (a course left out
 * counts 0). The catalog's scheduled recount adds up the answers (course-popularity.ts).
 */
export type PopularitySource = (db: Database) => Promise<ReadonlyMap<string, number>>;

export const popularitySources = new ExtensionPoint<PopularitySource>("catalog.popularitySources");

/**
 * Whether the viewer may see a course that is not published, besides its instructors and admins
 * (learning: the learners enrolled in an archived course). One right that says yes is enough;
 * asked for every such course of a list, so an answer reads through the request's DataLoaders.
 */
export type CourseReadRight = (context: Context, course: CourseRow) => Promise<boolean>;

export const courseReadRights = new ExtensionPoint<CourseReadRight>("catalog.courseReadRights");

/** Throws the first refusal of the checks, asked one after another in the transaction. */
export async function throwFirstRefusal(checks: readonly CourseCheck[], tx: Transaction, courseId: string): Promise<void> {
  for (const check of checks) {
    const refusal = await check(tx, courseId);
    if (refusal) throw refusal;
  }
}
