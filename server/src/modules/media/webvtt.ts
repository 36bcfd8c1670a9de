// Captions and transcripts are stored as WebVTT; what players cannot read is refused at the door.
import { WebVTTParser } from "webvtt-parser";
import { badInput } from "../../platform/errors.ts";

export const TRANSCRIPT_MAX_BYTES = 1_048_576;

/** Throws BAD_USER_INPUT naming `field` with the first problem and its line. */
export function checkWebVtt(text: string, field = "transcriptVtt"): void {
  if (Buffer.byteLength(text, "utf8") > TRANSCRIPT_MAX_BYTES) throw badInput({ [field]: "must be at most 1 MB" });
  const [first] = new WebVTTParser().parse(text, "metadata").errors;
  if (first) throw badInput({ [field]: `is not valid WebVTT: line ${first.line}: ${first.message}` });
}
