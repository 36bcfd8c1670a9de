import type { ApolloClient } from "@apollo/client";
import { errorCodeOf, errorMessageOf, fieldErrorsOf } from "../apollo/apiErrors";
import {
  AbortVideoUploadDocument,
  CompleteVideoUploadDocument,
  StartVideoUploadDocument,
  type StartedVideoUploadFragment,
} from "../gql/graphql";
import { PutFailedError, StorageProblem } from "./putWithProgress";
import { forgetUpload, isSameFile, saveUpload, savedUploadsOf, type SavedUpload } from "./savedUploads";
import { MAX_AUTOMATIC_RETRIES, transferFile, type ConfirmedParts } from "./transferFile";
import { videoContentTypeOf } from "./videoContentType";

export type UploadState =
  | { phase: "idle"; notice?: string }
  | { phase: "uploading"; fileName: string; sentBytes: number; totalBytes: number }
  | { phase: "completing"; fileName: string }
  | { phase: "failed"; fileName: string; message: string; canRetry: boolean }
  /** Started before the page was reloaded: the same file, picked again, sends only the missing parts. */
  | { phase: "interrupted"; fileName: string; sentBytes: number; totalBytes: number };

export const IDLE: UploadState = { phase: "idle" };

/** The video a file is for, and what the global indicator needs to name it and link back. */
export interface UploadTarget {
  videoId: string;
  courseId: string;
  videoTitle: string;
}

export interface VideoUploadEntry extends UploadTarget {
  state: UploadState;
}

/** One file on its way to storage: what a manual retry or a cancel needs. */
interface Transfer {
  target: UploadTarget;
  file: File;
  contentType: string;
  upload: StartedVideoUploadFragment | null;
  confirmedParts: ConfirmedParts;
  controller: AbortController;
}

export function isBusy(state: UploadState): boolean {
  return state.phase === "uploading" || state.phase === "completing";
}

function messageOf(error: unknown): string {
  if (error instanceof PutFailedError) return `${error.message}, even after ${MAX_AUTOMATIC_RETRIES} more tries.`;
  if (error instanceof StorageProblem) return error.message;
  const fieldMessages = Object.values(fieldErrorsOf(error));
  return fieldMessages.length > 0 ? fieldMessages.join(" ") : errorMessageOf(error);
}

function confirmedBytesOf(saved: SavedUpload): number {
  const partSize = saved.upload.partSizeBytes ?? saved.sizeBytes;
  return saved.confirmedParts.reduce(
    (sum, [partNumber]) => sum + Math.min(partSize, saved.sizeBytes - (partNumber - 1) * partSize),
    0,
  );
}

/**
 * Every upload of the signed-in user, kept above the pages so that a transfer
 * goes on while the instructor browses elsewhere in the app: start, PUT (parts
 * in parallel, retried), complete; or cancel. Read with useSyncExternalStore.
 */
export class VideoUploads {
  private entries: ReadonlyMap<string, VideoUploadEntry> = new Map();
  private readonly transfers = new Map<string, Transfer>();
  private readonly saved = new Map<string, SavedUpload>();
  private readonly listeners = new Set<() => void>();
  private userId: string | null = null;

  constructor(private readonly client: ApolloClient) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Replaced, never changed in place, on every change. */
  snapshot = (): ReadonlyMap<string, VideoUploadEntry> => this.entries;

  anyBusy = (): boolean => [...this.entries.values()].some((entry) => isBusy(entry.state));

  /** Follows the signed-in user: their interrupted uploads are offered again; another person's transfers stop. */
  setUser(userId: string | null): void {
    if (userId === this.userId) return;
    for (const transfer of this.transfers.values()) {
      transfer.controller.abort(new DOMException("The session ended", "AbortError"));
    }
    this.transfers.clear();
    this.saved.clear();
    this.userId = userId;
    const entries = new Map<string, VideoUploadEntry>();
    for (const saved of userId ? savedUploadsOf(userId) : []) {
      this.saved.set(saved.videoId, saved);
      const { videoId, courseId, videoTitle, fileName, sizeBytes } = saved;
      entries.set(videoId, {
        videoId,
        courseId,
        videoTitle,
        state: { phase: "interrupted", fileName, sentBytes: confirmedBytesOf(saved), totalBytes: sizeBytes },
      });
    }
    this.entries = entries;
    this.emit();
  }

  start(target: UploadTarget, file: File): void {
    const current = this.entries.get(target.videoId);
    if (current && isBusy(current.state)) return;
    const contentType = videoContentTypeOf(file);
    if (!contentType) {
      this.setState(target, {
        phase: "failed",
        fileName: file.name,
        message: "Choose an MP4, WebM, MOV, MKV or AVI video file, or an M4A, MP3, AAC, Ogg, Opus or WAV sound file.",
        canRetry: false,
      });
      return;
    }
    const saved = this.saved.get(target.videoId);
    const resumable = saved && isSameFile(saved, file) && saved.contentType === contentType ? saved : null;
    const transfer: Transfer = {
      target,
      file,
      contentType,
      upload: resumable?.upload ?? null,
      confirmedParts: new Map(resumable?.confirmedParts ?? []),
      controller: new AbortController(),
    };
    this.transfers.set(target.videoId, transfer);
    void this.run(transfer);
  }

  retry(videoId: string): void {
    const transfer = this.transfers.get(videoId);
    if (!transfer) return;
    transfer.controller = new AbortController();
    void this.run(transfer);
  }

  /** Stops a transfer, or drops an interrupted one, and releases its upload on the server. */
  async cancel(videoId: string): Promise<void> {
    const transfer = this.transfers.get(videoId);
    const entry = this.entries.get(videoId);
    const uploadId = transfer?.upload?.id ?? this.saved.get(videoId)?.upload.id;
    this.transfers.delete(videoId);
    this.forgetSaved(videoId);
    transfer?.controller.abort(new DOMException("The upload was cancelled", "AbortError"));
    if (!entry) return;
    this.setState(entry, { phase: "idle", notice: "Upload cancelled." });
    if (!uploadId) return;
    try {
      await this.client.mutate({ mutation: AbortVideoUploadDocument, variables: { uploadId } });
    } catch (error) {
      // An upload that expired or was replaced meanwhile is released already.
      if (errorCodeOf(error) === "CONFLICT") return;
      this.setState(entry, { phase: "idle", notice: `Upload cancelled; ${errorMessageOf(error)}` });
    }
  }

  private async run(transfer: Transfer): Promise<void> {
    const { target, file, contentType, controller } = transfer;
    const fileName = file.name;
    try {
      this.setState(target, { phase: "uploading", fileName, sentBytes: 0, totalBytes: file.size });
      if (!transfer.upload || Date.parse(transfer.upload.expiresAt) <= Date.now()) {
        const started = await this.client.mutate({
          mutation: StartVideoUploadDocument,
          variables: { input: { videoId: target.videoId, fileName, contentType, sizeBytes: file.size } },
        });
        transfer.upload = started.data?.startVideoUpload ?? null;
        transfer.confirmedParts.clear();
        if (!transfer.upload) throw new StorageProblem("The upload could not be started");
        this.save(transfer);
      }
      const parts = await transferFile(transfer.upload, file, contentType, {
        signal: controller.signal,
        confirmedParts: transfer.confirmedParts,
        onPartConfirmed: () => this.save(transfer),
        onProgress: (sentBytes) => {
          if (!controller.signal.aborted) {
            this.setState(target, { phase: "uploading", fileName, sentBytes, totalBytes: file.size });
          }
        },
      });
      this.setState(target, { phase: "completing", fileName });
      await this.client.mutate({
        mutation: CompleteVideoUploadDocument,
        variables: { uploadId: transfer.upload.id, parts },
      });
      this.transfers.delete(target.videoId);
      this.forgetSaved(target.videoId);
      this.setState(target, IDLE);
    } catch (error) {
      if (controller.signal.aborted) return;
      const code = errorCodeOf(error);
      // Refusals of the file itself (type, size, name) need another file, not another try.
      const refusedFile = !transfer.upload && code === "BAD_USER_INPUT";
      if (code === "CONFLICT" || refusedFile) {
        // An upload that expired or was replaced meanwhile cannot be finished: a retry starts a new one.
        transfer.upload = null;
        transfer.confirmedParts.clear();
        this.forgetSaved(target.videoId);
      }
      if (refusedFile) this.transfers.delete(target.videoId);
      this.setState(target, { phase: "failed", fileName, message: messageOf(error), canRetry: !refusedFile });
    }
  }

  private save(transfer: Transfer): void {
    if (!this.userId || !transfer.upload) return;
    const saved: SavedUpload = {
      ...transfer.target,
      fileName: transfer.file.name,
      sizeBytes: transfer.file.size,
      lastModified: transfer.file.lastModified,
      contentType: transfer.contentType,
      upload: transfer.upload,
      confirmedParts: [...transfer.confirmedParts],
    };
    this.saved.set(saved.videoId, saved);
    saveUpload(this.userId, saved);
  }

  private forgetSaved(videoId: string): void {
    if (!this.saved.delete(videoId) || !this.userId) return;
    forgetUpload(this.userId, videoId);
  }

  private setState({ videoId, courseId, videoTitle }: UploadTarget, state: UploadState): void {
    const entries = new Map(this.entries);
    entries.set(videoId, { videoId, courseId, videoTitle, state });
    this.entries = entries;
    this.emit();
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}
