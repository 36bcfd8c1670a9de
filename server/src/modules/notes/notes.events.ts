// The notes module's reactions: a deleted course's notes go with it (no foreign key takes them).
import type { Listeners } from "../../platform/domain-events.ts";
import type { Platform } from "../../platform/platform.ts";

export const notesListeners: Listeners<Platform> = {
  // Deleting what is already gone deletes nothing: a repeated delivery is harmless.
  "catalog.courseDeleted": async ({ payload }, platform) => {
    await platform.db.videoNote.deleteMany({ where: { courseId: payload.courseId } });
  },
};
