// PUTs with Transfer-Encoding: chunked, for tests of the local driver's upload routes.
import { request as httpRequest } from "node:http";

export interface ChunkedPutAnswer {
  status: number;
  body: string;
}

/**
 * Sends the chunks with Transfer-Encoding: chunked, so the server cannot rely on a Content-Length,
 * and keeps sending them whenever the answer comes, as a client unaware of the limit would.
 */
export function putChunked(url: string, chunks: Buffer[], headers: Record<string, string> = {}): Promise<ChunkedPutAnswer> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method: "PUT", headers }, (response) => {
      const received: Buffer[] = [];
      response.on("data", (chunk: Buffer) => received.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(received).toString("utf8") }));
    });
    request.on("error", reject);
    const sendFrom = (index: number): void => {
      if (index === chunks.length) {
        request.end();
        return;
      }
      if (request.write(chunks[index])) sendFrom(index + 1);
      else request.once("drain", () => sendFrom(index + 1));
    };
    sendFrom(0);
  });
}

/** `totalBytes` cut into chunks of at most `chunkBytes`. */
export function chunksOf(totalBytes: number, chunkBytes = 64 * 1024): Buffer[] {
  return Array.from({ length: Math.ceil(totalBytes / chunkBytes) }, (_, index) =>
    Buffer.alloc(Math.min(chunkBytes, totalBytes - index * chunkBytes), 7),
  );
}
