// Sends a file to the upload URLs startVideoUpload hands out, as a browser would, streamed from
// disk (a 1 GB file never sits in this process's memory): whole, or part by part a few at a time.
import { createReadStream } from "node:fs";
import http from "node:http";
import { pipeline } from "node:stream/promises";

export interface StartedUpload {
  id: string;
  method: "SINGLE_PUT" | "MULTIPART";
  url: string | null;
  partSizeBytes: number | null;
  parts: { partNumber: number; url: string }[];
}

export interface CompletedPart {
  partNumber: number;
  etag: string;
}

interface PutSpec {
  url: string;
  file: string;
  /** Byte offsets in `file`, `end` inclusive. */
  start: number;
  end: number;
  headers?: Record<string, string>;
}

/**
 * PUTs `file` to the upload's URLs and answers the parts for completeVideoUpload (null for a
 * single PUT). `apiUrl` replaces the URLs' origin: they start with the API's PUBLIC_URL,
 * which need not be where this process reaches it.
 */
export async function putFile(
  apiUrl: string,
  upload: StartedUpload,
  file: string,
  sizeBytes: number,
  contentType: string,
  partsInFlight: number,
): Promise<CompletedPart[] | null> {
  if (upload.method === "SINGLE_PUT") {
    await put({ url: reachable(apiUrl, upload.url!), file, start: 0, end: sizeBytes - 1, headers: { "Content-Type": contentType } });
    return null;
  }
  const partSize = upload.partSizeBytes!;
  const pending = [...upload.parts];
  const completed: CompletedPart[] = [];
  const sendParts = async () => {
    for (let part = pending.shift(); part; part = pending.shift()) {
      const start = (part.partNumber - 1) * partSize;
      const end = Math.min(start + partSize, sizeBytes) - 1;
      completed.push({ partNumber: part.partNumber, etag: await put({ url: reachable(apiUrl, part.url), file, start, end }) });
    }
  };
  await Promise.all(Array.from({ length: partsInFlight }, sendParts));
  return completed.sort((a, b) => a.partNumber - b.partNumber);
}

function reachable(apiUrl: string, url: string): string {
  const target = new URL(url);
  const api = new URL(apiUrl);
  target.protocol = api.protocol;
  target.host = api.host;
  return target.href;
}

/** One PUT of a byte range of `file`; answers the ETag. */
async function put({ url, file, start, end, headers = {} }: PutSpec): Promise<string> {
  const request = http.request(url, { method: "PUT", headers: { ...headers, "Content-Length": String(end - start + 1) } });
  const answered = new Promise<http.IncomingMessage>((resolve, reject) => {
    request.once("response", resolve);
    request.once("error", reject);
  });
  await pipeline(createReadStream(file, { start, end }), request);
  const response = await answered;
  let body = "";
  for await (const chunk of response) body += String(chunk);
  if (response.statusCode !== 200) throw new Error(`PUT ${new URL(url).pathname} answered ${response.statusCode}: ${body.slice(0, 300)}`);
  const etag = response.headers.etag;
  if (!etag) throw new Error(`PUT ${new URL(url).pathname} answered no ETag`);
  return etag;
}
