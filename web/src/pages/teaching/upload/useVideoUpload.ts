import { useApolloClient } from "@apollo/client/react";
import { useCallback, useEffect, useRef, useState, type RefObject } from "react";
import { errorCodeOf, errorMessageOf, fieldErrorsOf } from "../../../apollo/apiErrors";
import {
  AbortVideoUploadDocument,
  CompleteVideoUploadDocument,
  StartVideoUploadDocument,
  type StartedVideoUploadFragment,
} from "../../../gql/graphql";
import { PutFailedError, StorageProblem } from "./putWithProgress";
import { MAX_AUTOMATIC_RETRIES, transferFile, type ConfirmedParts } from "./transferFile";
import { videoContentTypeOf } from "./videoContentType";

export type UploadState =
  | { phase: "idle"; notice?: string }
  | { phase: "uploading"; fileName: string; sentBytes: number; totalBytes: number }
  | { phase: "completing"; fileName: string }
  | { phase: "failed"; fileName: string; message: string; canRetry: boolean };

/** One file on its way to storage: what a manual retry or a cancel needs. */
interface Transfer {
  file: File;
  contentType: string;
  upload: StartedVideoUploadFragment | null;
  confirmedParts: ConfirmedParts;
  controller: AbortController;
}

function messageOf(error: unknown): string {
  if (error instanceof PutFailedError) return `${error.message}, even after ${MAX_AUTOMATIC_RETRIES} more tries.`;
  if (error instanceof StorageProblem) return error.message;
  const fieldMessages = Object.values(fieldErrorsOf(error));
  return fieldMessages.length > 0 ? fieldMessages.join(" ") : errorMessageOf(error);
}

/** Uploads a file for a video: start, PUT (parts in parallel, retried), complete; or cancel. */
export function useVideoUpload(videoId: string) {
  const client = useApolloClient();
  const [state, setState] = useState<UploadState>({ phase: "idle" });
  const transferRef = useRef<Transfer | null>(null);

  const run = useCallback(async (transfer: Transfer) => {
    const { file, contentType, controller } = transfer;
    const fileName = file.name;
    try {
      setState({ phase: "uploading", fileName, sentBytes: 0, totalBytes: file.size });
      if (!transfer.upload || Date.parse(transfer.upload.expiresAt) <= Date.now()) {
        const started = await client.mutate({
          mutation: StartVideoUploadDocument,
          variables: { input: { videoId, fileName, contentType, sizeBytes: file.size } },
        });
        transfer.upload = started.data?.startVideoUpload ?? null;
        transfer.confirmedParts.clear();
        if (!transfer.upload) throw new StorageProblem("The upload could not be started");
      }
      const parts = await transferFile(transfer.upload, file, contentType, {
        signal: controller.signal,
        confirmedParts: transfer.confirmedParts,
        onProgress: (sentBytes) =>
          !controller.signal.aborted &&
          setState({ phase: "uploading", fileName, sentBytes, totalBytes: file.size }),
      });
      setState({ phase: "completing", fileName });
      await client.mutate({
        mutation: CompleteVideoUploadDocument,
        variables: { uploadId: transfer.upload.id, parts },
      });
      transferRef.current = null;
      setState({ phase: "idle" });
    } catch (error) {
      if (controller.signal.aborted) return;
      // Refusals of the file itself (type, size, name) need another file, not another try.
      const refusedFile = !transfer.upload && errorCodeOf(error) === "BAD_USER_INPUT";
      setState({ phase: "failed", fileName, message: messageOf(error), canRetry: !refusedFile });
    }
  }, [client, videoId]);

  const start = useCallback((file: File) => {
    const contentType = videoContentTypeOf(file);
    if (!contentType) {
      setState({
        phase: "failed",
        fileName: file.name,
        message: "Choose an MP4, WebM, MOV or MKV video file.",
        canRetry: false,
      });
      return;
    }
    transferRef.current = { file, contentType, upload: null, confirmedParts: new Map(), controller: new AbortController() };
    void run(transferRef.current);
  }, [run]);

  const retry = useCallback(() => {
    const transfer = transferRef.current;
    if (!transfer) return;
    transfer.controller = new AbortController();
    void run(transfer);
  }, [run]);

  const cancel = useCallback(async () => {
    const transfer = transferRef.current;
    transferRef.current = null;
    if (!transfer) return;
    transfer.controller.abort(new DOMException("The upload was cancelled", "AbortError"));
    setState({ phase: "idle", notice: "Upload cancelled." });
    if (transfer.upload) {
      await client
        .mutate({ mutation: AbortVideoUploadDocument, variables: { uploadId: transfer.upload.id } })
        .catch((error: unknown) => setState({ phase: "idle", notice: `Upload cancelled; ${errorMessageOf(error)}` }));
    }
  }, [client]);

  const busy = state.phase === "uploading" || state.phase === "completing";
  useEffect(() => {
    if (!busy) return;
    // Leaving the page would drop the file half-sent: ask first.
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [busy]);

  useEffect(() => () => void cancelOnUnmount(transferRef, client), [client]);

  return { state, start, retry, cancel };
}

/** Leaving the editor mid-upload stops the transfer and releases the upload on the server. */
async function cancelOnUnmount(
  transferRef: RefObject<Transfer | null>,
  client: ReturnType<typeof useApolloClient>,
): Promise<void> {
  const transfer = transferRef.current;
  if (!transfer) return;
  transfer.controller.abort(new DOMException("The page was left", "AbortError"));
  if (transfer.upload) {
    // Nobody is left to tell; an upload left open expires on its own.
    await client.mutate({ mutation: AbortVideoUploadDocument, variables: { uploadId: transfer.upload.id } }).catch(() => undefined);
  }
}
