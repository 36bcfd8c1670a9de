import type { VideoNote } from "../../generated/prisma/client.ts";
import { defineLoader, pickBy } from "../../platform/context.ts";

export type VideoNoteRow = VideoNote;

export const videoNoteById = defineLoader<string, VideoNoteRow | null>("videoNoteById", async (context, ids) => {
  const rows = await context.db.videoNote.findMany({ where: { id: { in: [...ids] } } });
  return pickBy(ids, rows, (row) => row.id);
});
