import type { CompletedPart } from "./storage.ts";
import { StorageError } from "./storage-error.ts";

/** S3's limits, applied by the local driver too so a client that works locally also works on S3. */
export const MIN_PART_BYTES = 5 * 1024 * 1024;
export const MAX_PART_BYTES = 5 * 1024 * 1024 * 1024;
export const MAX_PART_NUMBER = 10_000;

export function assertValidPartNumber(partNumber: number): void {
  if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > MAX_PART_NUMBER) {
    throw new StorageError("INVALID_PART", `part number must be an integer from 1 to ${MAX_PART_NUMBER}, got ${partNumber}`);
  }
}

export function assertAscendingParts(parts: CompletedPart[]): void {
  if (parts.length === 0) throw new StorageError("INVALID_PART", "a multipart upload needs at least one part");
  parts.forEach((part, index) => {
    assertValidPartNumber(part.partNumber);
    const previous = parts[index - 1];
    if (previous && previous.partNumber >= part.partNumber) {
      throw new StorageError("INVALID_PART_ORDER", "parts must be listed in ascending part number order, without repeats");
    }
  });
}

/** S3 quotes ETags; clients echo them back with or without the quotes. */
export function quoteEtag(etag: string): string {
  return `"${etag.replace(/"/g, "").toLowerCase()}"`;
}
