// What the media module asks of the modules after it in the dependency order, which it may not
// import: they answer in their Module objects (`extend(viewingRights, ...)`), and so does media.
import type { Context } from "../../platform/context.ts";
import type { Transaction } from "../../platform/db.ts";
import { ExtensionPoint } from "../../platform/extension-points.ts";
import type { CourseRow } from "../catalog/index.ts";
import type { VideoRow } from "./media.loaders.ts";

/** Whether the viewer may watch this video of a course they can see: one right that says yes is enough. */
export type ViewingRight = (context: Context, video: VideoRow, course: CourseRow) => Promise<boolean>;

export const viewingRights = new ExtensionPoint<ViewingRight>("media.viewingRights");

/**
 * Run in the transaction that deletes a section, under its course's lock, while the section's row
 * still exists: a later module deletes what it keeps in the section (assessment: its quizzes).
 */
export type SectionDeletionHook = (tx: Transaction, sectionId: string) => Promise<void>;

export const sectionDeletion = new ExtensionPoint<SectionDeletionHook>("media.sectionDeletion");
