// Cutting a video's words into passages of about 30 seconds, each with its start and end, for
// full-text retrieval and for citations that point at a second of the video.
import { WebVTTParser } from "webvtt-parser";

export const PASSAGE_SECONDS = 30;
/** A description is one passage; past this it is cut, so one passage never floods the prompt. */
const DESCRIPTION_MAX_CHARS = 2000;

export interface PassageDraft {
  source: "TRANSCRIPT" | "DESCRIPTION";
  startSeconds: number;
  endSeconds: number | null;
  content: string;
}

/** A cue's words without its markup (<v Speaker>, <b>, timestamps) or entities' leftovers. */
function cueWords(text: string): string {
  return text.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim();
}

/**
 * Consecutive cues gathered until they span PASSAGE_SECONDS; a passage starts at its first cue
 * and ends at its last. Stored transcripts were checked as WebVTT when written (media's checkWebVtt);
 * cues the parser still could not read are simply absent.
 */
export function transcriptPassages(vtt: string): PassageDraft[] {
  const cues = new WebVTTParser().parse(vtt, "metadata").cues
    .map((cue) => ({ start: cue.startTime, end: cue.endTime, words: cueWords(cue.text) }))
    .filter((cue) => cue.words.length > 0)
    .sort((a, b) => a.start - b.start);
  const passages: PassageDraft[] = [];
  let current: { start: number; end: number; words: string[] } | null = null;
  for (const cue of cues) {
    if (current && cue.start - current.start >= PASSAGE_SECONDS) {
      passages.push({ source: "TRANSCRIPT", startSeconds: current.start, endSeconds: current.end, content: current.words.join(" ") });
      current = null;
    }
    if (!current) current = { start: cue.start, end: cue.end, words: [] };
    current.words.push(cue.words);
    current.end = Math.max(current.end, cue.end);
  }
  if (current) passages.push({ source: "TRANSCRIPT", startSeconds: current.start, endSeconds: current.end, content: current.words.join(" ") });
  return passages;
}

export function descriptionPassage(description: string | null): PassageDraft[] {
  const words = description?.replace(/\s+/g, " ").trim().slice(0, DESCRIPTION_MAX_CHARS);
  return words ? [{ source: "DESCRIPTION", startSeconds: 0, endSeconds: null, content: words }] : [];
}
