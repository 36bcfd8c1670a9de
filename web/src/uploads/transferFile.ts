import type { CompletedPartInput, StartedVideoUploadFragment } from "../gql/graphql";
import { PutFailedError, putWithProgress, StorageProblem } from "./putWithProgress";

export const MAX_PARALLEL_PARTS = 4;
export const MAX_AUTOMATIC_RETRIES = 3;
const FIRST_RETRY_DELAY_MS = 1000;

/** Part number → ETag of the parts the storage has confirmed; kept across manual retries. */
export type ConfirmedParts = Map<number, string>;

interface TransferOptions {
  signal: AbortSignal;
  confirmedParts: ConfirmedParts;
  onProgress: (sentBytes: number) => void;
  /** After each part the storage confirms, so the confirmed parts can be kept for a resume. */
  onPartConfirmed?: () => void;
}

function wait(milliseconds: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, milliseconds);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      reject(signal.reason);
    }, { once: true });
  });
}

/** Retries what may succeed on another try (network failures, 5xx), waiting 1 s, 2 s, 4 s. */
async function withRetries<T>(attempt: () => Promise<T>, signal: AbortSignal): Promise<T> {
  for (let retry = 0; ; retry += 1) {
    try {
      return await attempt();
    } catch (error) {
      const retryable = error instanceof PutFailedError && error.isRetryable;
      if (signal.aborted || !retryable || retry >= MAX_AUTOMATIC_RETRIES) throw error;
      await wait(FIRST_RETRY_DELAY_MS * 2 ** retry, signal);
    }
  }
}

/**
 * Sends `file` to the URLs of a started upload. Returns the parts for
 * completeVideoUpload (null for a single PUT). A part that keeps failing stops
 * new parts from starting; the ones in flight finish, so a manual retry
 * resends only what the storage has not confirmed.
 */
export async function transferFile(
  upload: StartedVideoUploadFragment,
  file: File,
  contentType: string,
  { signal, confirmedParts, onProgress, onPartConfirmed }: TransferOptions,
): Promise<CompletedPartInput[] | null> {
  if (upload.method === "SINGLE_PUT") {
    if (!upload.url) throw new StorageProblem("The API gave no URL to upload to");
    const url = upload.url;
    await withRetries(() => putWithProgress({ url, body: file, contentType, signal, onProgress }), signal);
    return null;
  }

  const partSize = upload.partSizeBytes ?? file.size;
  const sentOfPart = new Map<number, number>();
  const reportProgress = () => {
    let sent = 0;
    for (const partNumber of confirmedParts.keys()) sent += partBytes(file, partSize, partNumber).size;
    for (const bytes of sentOfPart.values()) sent += bytes;
    onProgress(sent);
  };
  const sendPart = async (partNumber: number, url: string) => {
    const body = partBytes(file, partSize, partNumber);
    const etag = await withRetries(
      () => putWithProgress({ url, body, signal, onProgress: (bytes) => {
        sentOfPart.set(partNumber, bytes);
        reportProgress();
      } }),
      signal,
    );
    sentOfPart.delete(partNumber);
    if (!etag) throw new StorageProblem("The storage did not expose the ETag header of a part (check its CORS settings)");
    confirmedParts.set(partNumber, etag);
    onPartConfirmed?.();
    reportProgress();
  };

  const queue = upload.parts.filter((part) => !confirmedParts.has(part.partNumber));
  const failures: unknown[] = [];
  const worker = async () => {
    for (let part = queue.shift(); part && failures.length === 0; part = queue.shift()) {
      try {
        await sendPart(part.partNumber, part.url);
      } catch (error) {
        failures.push(error);
        sentOfPart.delete(part.partNumber);
      }
    }
  };
  reportProgress();
  await Promise.all(Array.from({ length: Math.min(MAX_PARALLEL_PARTS, queue.length) }, worker));
  if (failures.length > 0) throw failures[0];
  return [...confirmedParts]
    .sort(([a], [b]) => a - b)
    .map(([partNumber, etag]) => ({ partNumber, etag }));
}

/** Part `partNumber` (1-based): every part but the last is `partSize` bytes long. */
function partBytes(file: File, partSize: number, partNumber: number): Blob {
  const start = (partNumber - 1) * partSize;
  return file.slice(start, Math.min(start + partSize, file.size));
}
