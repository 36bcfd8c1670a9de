// Ordered lists (a course's sections, a section's videos, a video's resources) keep positions 0..n-1 with no gaps.
// Callers hold the row lock of the list's owner (the course; the video for its resources), so the list read is the list written.
import type { Transaction } from "../../platform/db.ts";
import { Prisma } from "../../platform/db.ts";
import { badInput } from "../../platform/errors.ts";

const TABLES = { sections: Prisma.raw("sections"), videos: Prisma.raw("videos"), videoResources: Prisma.raw("video_resources") };

/** Sets each row's position to its index in `ids`, in one statement. */
export async function writeOrder(tx: Transaction, table: keyof typeof TABLES, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await tx.$executeRaw`
    UPDATE ${TABLES[table]} AS t SET position = o.ordinality - 1, updated_at = now()
    FROM unnest(${ids}::uuid[]) WITH ORDINALITY AS o(id, ordinality)
    WHERE t.id = o.id AND t.position <> o.ordinality - 1`;
}

/** Where a new item goes: `position`, or the end when absent; BAD_USER_INPUT when out of range. */
export function insertionIndex(position: number | null | undefined, length: number, field = "position"): number {
  if (position == null) return length;
  if (!Number.isInteger(position) || position < 0 || position > length) {
    throw badInput({ [field]: `must be between 0 and ${length}` });
  }
  return position;
}

/** `ids` with `id` moved (or added) at `index`. */
export function placeAt(ids: string[], id: string, index: number): string[] {
  const rest = ids.filter((other) => other !== id);
  return [...rest.slice(0, index), id, ...rest.slice(index)];
}

/** The requested order must name exactly the current items, each once. */
export function checkSameSet(current: string[], requested: string[], field: string): void {
  const wanted = new Set(requested);
  const same =
    wanted.size === requested.length && requested.length === current.length && current.every((id) => wanted.has(id));
  if (!same) throw badInput({ [field]: "must list every item of the list exactly once" });
}
