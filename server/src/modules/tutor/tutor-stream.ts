// An answer's chunks as they are made, on the platform's pub/sub (Redis with many instances), for
// tutorAnswerStream(threadId) subscribers wherever they are connected.
import type { Context } from "../../platform/context.ts";
import type { Platform } from "../../platform/platform.ts";

const TOPIC = "tutor:answerChunks";
/**
 * After the first delta (sent at once: it is what the learner waits for), later ones are gathered
 * for this long into one chunk: a model streams many tiny pieces a second, and every chunk costs
 * each subscriber a reading of its rights.
 */
const GATHER_MS = 50;

export interface AnswerChunk {
  threadId: string;
  /** The answer's global id: the message it is stored as once complete. */
  messageId: string;
  delta: string;
  done: boolean;
}

export interface AnswerPublisher {
  delta(text: string): void;
  /** Sends the last chunk (done), with what is gathered. */
  finish(): void;
}

export function answerPublisher(platform: Platform, ids: { threadId: string; messageId: string }): AnswerPublisher {
  const publish = (delta: string, done: boolean) => platform.events.publish(TOPIC, ids.threadId, { ...ids, delta, done } satisfies AnswerChunk);
  let gathered = "";
  let timer: NodeJS.Timeout | undefined;
  let sentFirst = false;
  const flush = (done = false) => {
    clearTimeout(timer);
    timer = undefined;
    if (gathered || done) publish(gathered, done);
    gathered = "";
  };
  return {
    delta(text) {
      if (!sentFirst) {
        sentFirst = true;
        publish(text, false);
        return;
      }
      gathered += text;
      timer ??= setTimeout(flush, GATHER_MS);
    },
    finish: () => flush(true),
  };
}

export function answerChunks(context: Context, threadId: string): AsyncIterable<AnswerChunk> {
  return context.events.subscribe(TOPIC, threadId) as AsyncIterable<AnswerChunk>;
}
