// An answer's chunks as they are made, on the platform's pub/sub (Redis with many instances), for
// tutorAnswerStream(threadId) subscribers wherever they are connected.
import type { Context } from "../../platform/context.ts";
import type { Platform } from "../../platform/platform.ts";

const TOPIC = "tutor:answerChunks";

export interface AnswerChunk {
  threadId: string;
  /** The answer's global id: the message it is stored as once complete. */
  messageId: string;
  delta: string;
  done: boolean;
}

export function publishChunk(platform: Platform, chunk: AnswerChunk): void {
  platform.events.publish(TOPIC, chunk.threadId, chunk);
}

export function answerChunks(context: Context, threadId: string): AsyncIterable<AnswerChunk> {
  return context.events.subscribe(TOPIC, threadId) as AsyncIterable<AnswerChunk>;
}
