// An OpenAI-compatible chat completions server on loopback, for the real `openai` SDK to talk to in
// tests (OPENAI_BASE_URL). It answers POST /v1/chat/completions with server-sent events shaped like
// OpenAI's (role, content deltas, finish_reason, then usage when stream_options asks), records
// what the SDK sent, and does what the test says next: answer (slowly, if asked), fail with a
// status, cut the stream half-way or stall it.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export const PEER_API_KEY = "sk-peer-test-key";

export interface RecordedCompletion {
  /** Whether the Authorization header carried PEER_API_KEY as a bearer. */
  authorized: boolean;
  body: {
    model: string;
    messages: { role: string; content: string }[];
    stream?: boolean;
    stream_options?: { include_usage?: boolean };
    max_tokens?: number;
    [key: string]: unknown;
  };
}

export type PeerBehaviour =
  /** Streams `pieces` as content deltas, `delayMs` apart, then stop and the usage. */
  | { kind: "answer"; pieces: string[]; delayMs?: number; usage?: { prompt_tokens: number; completion_tokens: number } }
  /** Answers the status with an OpenAI-shaped error body (and Retry-After for 429 when given). */
  | { kind: "fail"; status: number; retryAfterSeconds?: number }
  /** Streams `pieces`, then closes the connection without a finish_reason or [DONE]. */
  | { kind: "cut"; pieces: string[] }
  /** Streams `pieces`, then sends nothing more, the connection open, until the client gives up. */
  | { kind: "stall"; pieces: string[] };

export interface OpenAiPeer {
  /** The base URL the SDK takes: http://127.0.0.1:<port>/v1 */
  url: string;
  requests: RecordedCompletion[];
  /** What the next requests get, in order; the last one stays for any later request. */
  behave(...behaviours: PeerBehaviour[]): void;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function sendEvent(response: ServerResponse, data: unknown): void {
  response.write(`data: ${typeof data === "string" ? data : JSON.stringify(data)}\n\n`);
}

export async function startOpenAiPeer(): Promise<OpenAiPeer> {
  const requests: RecordedCompletion[] = [];
  let queue: PeerBehaviour[] = [{ kind: "answer", pieces: ["The course says so [1]."] }];
  let completions = 0;

  async function answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method !== "POST" || request.url?.split("?")[0] !== "/v1/chat/completions") {
      response.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: "not found", type: "invalid_request_error" } }));
      return;
    }
    const body = JSON.parse(await readBody(request)) as RecordedCompletion["body"];
    requests.push({ authorized: request.headers.authorization === `Bearer ${PEER_API_KEY}`, body });
    const behaviour = queue.length > 1 ? queue.shift()! : queue[0];
    if (behaviour.kind === "fail") {
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (behaviour.retryAfterSeconds) headers["retry-after"] = String(behaviour.retryAfterSeconds);
      response.writeHead(behaviour.status, headers).end(JSON.stringify({ error: { message: `peer failed with ${behaviour.status}`, type: "server_error" } }));
      return;
    }
    const id = `chatcmpl-peer-${++completions}`;
    const base = { id, object: "chat.completion.chunk", created: Math.floor(Date.now() / 1000), model: body.model };
    response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
    sendEvent(response, { ...base, choices: [{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }] });
    for (const piece of behaviour.pieces) {
      if (behaviour.kind === "answer" && behaviour.delayMs) await sleep(behaviour.delayMs);
      sendEvent(response, { ...base, choices: [{ index: 0, delta: { content: piece }, finish_reason: null }] });
    }
    if (behaviour.kind === "stall") return;
    if (behaviour.kind === "cut") {
      // Once what was written has left, the connection ends without the chunked body's end.
      await new Promise<void>((resolve) => response.write("", () => resolve()));
      response.socket?.end();
      return;
    }
    sendEvent(response, { ...base, choices: [{ index: 0, delta: {}, finish_reason: "stop" }] });
    if (body.stream_options?.include_usage) {
      const usage = behaviour.usage ?? { prompt_tokens: 100, completion_tokens: 10 };
      sendEvent(response, { ...base, choices: [], usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens } });
    }
    sendEvent(response, "[DONE]");
    response.end();
  }

  const server = createServer((request, response) => {
    answer(request, response).catch(() => response.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    behave: (...behaviours) => {
      queue = behaviours;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
