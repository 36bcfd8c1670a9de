export type ByteRange =
  | { kind: "full" }
  | { kind: "partial"; start: number; end: number }
  | { kind: "unsatisfiable" };

const SINGLE_RANGE = /^bytes=\s*(\d*)\s*-\s*(\d*)\s*$/i;

/**
 * Reads an HTTP Range header (RFC 9110 §14.2) against a file of `sizeBytes`; `end` is inclusive.
 * A header that is malformed, uses another unit or asks for several ranges is ignored
 * (answered with the full file), which the RFC allows; video players only ask for one range.
 */
export function parseByteRange(header: string | undefined, sizeBytes: number): ByteRange {
  if (header === undefined) return { kind: "full" };
  const match = SINGLE_RANGE.exec(header);
  if (!match) return { kind: "full" };
  const [, first = "", last = ""] = match;

  if (first === "" && last === "") return { kind: "full" };
  if (first === "") {
    const suffixLength = Number(last);
    if (suffixLength === 0 || sizeBytes === 0) return { kind: "unsatisfiable" };
    return { kind: "partial", start: Math.max(0, sizeBytes - suffixLength), end: sizeBytes - 1 };
  }

  const start = Number(first);
  const requestedEnd = last === "" ? Infinity : Number(last);
  if (requestedEnd < start) return { kind: "full" };
  if (start >= sizeBytes) return { kind: "unsatisfiable" };
  return { kind: "partial", start, end: Math.min(requestedEnd, sizeBytes - 1) };
}
