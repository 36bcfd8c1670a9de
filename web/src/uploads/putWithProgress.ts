/** The storage refused or lost what was sent; the message is for the person uploading. */
export class StorageProblem extends Error {
  name = "StorageProblem";
}

/** A PUT that failed: `status` 0 means the network gave no answer at all. */
export class PutFailedError extends StorageProblem {
  name = "PutFailedError";

  constructor(readonly status: number) {
    super(status === 0 ? "The connection to the storage failed" : `The storage answered ${status}`);
  }

  /** Client errors other than a timeout or throttling will fail the same way again. */
  get isRetryable(): boolean {
    return this.status === 0 || this.status === 408 || this.status === 429 || this.status >= 500;
  }
}

interface PutOptions {
  url: string;
  body: Blob;
  /** Only for single PUTs: the signature covers it. Parts go without one. */
  contentType?: string;
  signal: AbortSignal;
  /** Bytes of this body sent so far. */
  onProgress: (sentBytes: number) => void;
}

/**
 * PUTs `body` with XMLHttpRequest, because fetch reports no upload progress.
 * Resolves to the ETag header (null when the storage sends none).
 */
export function putWithProgress({ url, body, contentType, signal, onProgress }: PutOptions): Promise<string | null> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const request = new XMLHttpRequest();
    const abort = () => request.abort();
    signal.addEventListener("abort", abort, { once: true });
    const settle = () => signal.removeEventListener("abort", abort);

    request.upload.addEventListener("progress", (event) => onProgress(event.loaded));
    request.addEventListener("load", () => {
      settle();
      if (request.status >= 200 && request.status < 300) {
        onProgress(body.size);
        resolve(request.getResponseHeader("ETag"));
      } else {
        reject(new PutFailedError(request.status));
      }
    });
    request.addEventListener("error", () => {
      settle();
      reject(new PutFailedError(0));
    });
    request.addEventListener("abort", () => {
      settle();
      reject(signal.reason);
    });
    request.open("PUT", url);
    if (contentType) request.setRequestHeader("Content-Type", contentType);
    request.send(body);
  });
}
