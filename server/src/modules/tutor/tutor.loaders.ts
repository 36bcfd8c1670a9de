import type { TutorMessage, TutorThread } from "../../generated/prisma/client.ts";
import { defineLoader, pickBy } from "../../platform/context.ts";

export type ThreadRow = TutorThread;
export type MessageRow = TutorMessage;

export const threadById = defineLoader<string, ThreadRow | null>("tutorThreadById", async (context, ids) => {
  const rows = await context.db.tutorThread.findMany({ where: { id: { in: [...ids] } } });
  return pickBy(ids, rows, (row) => row.id);
});
