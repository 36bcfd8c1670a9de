// What answers a question: the offline default, an extractive answer made of the best retrieved
// passages, clearly labelled as excerpts from the course (its citations are the passages it
// quotes), or an OpenAI-compatible model when configured (openai-model.ts).
import { countTokens } from "gpt-tokenizer";
import type { GraphQLError } from "graphql";
import type { Passage } from "./retrieval.ts";

export const NOT_COVERED = "This course's transcripts do not cover that.";
/** The excerpts an extractive answer quotes at most. */
const QUOTED_PASSAGES = 3;

export interface HistoryMessage {
  role: "USER" | "ASSISTANT";
  content: string;
}

export interface TutorQuestion {
  courseTitle: string;
  question: string;
  /** Retrieved for this question, best first; an answer cites only these. */
  passages: Passage[];
  /** The thread's earlier messages, oldest first. */
  history: HistoryMessage[];
}

export interface ModelAnswer {
  content: string;
  /** The passages the answer cites, in the order of its markers [1], [2]... */
  cited: Passage[];
  promptTokens: number;
  completionTokens: number;
}

/** The model failed; `partial` is what it had streamed (and `onDelta` passed on) before it did. */
export class ModelFailure extends Error {
  constructor(
    readonly refusal: GraphQLError,
    readonly partial: string,
    readonly cited: Passage[],
    readonly promptTokens: number,
  ) {
    super(refusal.message);
  }
}

/** The name stored with the offline model's answers (TutorMessage.model). */
export const EXCERPTS_MODEL = "excerpts";

export interface TutorModel {
  /** Stored with each answer: EXCERPTS_MODEL, or the endpoint's model. */
  name: string;
  /** Whether it reads the thread's history (else none is loaded for it). */
  readsHistory: boolean;
  /** Calls `onDelta` with each piece of the answer as it is made; the pieces joined are the answer's content. Throws ModelFailure. */
  answer(question: TutorQuestion, onDelta: (delta: string) => void): Promise<ModelAnswer>;
}

function clock(seconds: number): string {
  const whole = Math.floor(seconds);
  const [hours, minutes, rest] = [Math.floor(whole / 3600), Math.floor(whole / 60) % 60, whole % 60];
  const mmss = `${String(minutes).padStart(hours ? 2 : 1, "0")}:${String(rest).padStart(2, "0")}`;
  return hours ? `${hours}:${mmss}` : mmss;
}

const whereInVideo = (passage: Passage) =>
  passage.endSeconds === null ? "the video's description" : `${clock(passage.startSeconds)}–${clock(passage.endSeconds)}`;

/** Offline, free and immediate: quotes what the course says, and says so when it says nothing. */
export const extractiveModel: TutorModel = {
  name: EXCERPTS_MODEL,
  readsHistory: false,
  async answer({ question, passages }, onDelta) {
    const quoted = passages.slice(0, QUOTED_PASSAGES);
    const pieces = quoted.length === 0
      ? [NOT_COVERED]
      : [
          "Excerpts from this course's transcripts that match your question:\n",
          ...quoted.map((passage, index) => `\n[${index + 1}] (${whereInVideo(passage)}) “${passage.content}”\n`),
        ];
    for (const piece of pieces) onDelta(piece);
    const content = pieces.join("");
    return {
      content,
      cited: quoted,
      promptTokens: countTokens([question, ...passages.map((passage) => passage.content)].join("\n")),
      completionTokens: countTokens(content),
    };
  },
};
