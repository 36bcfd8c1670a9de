import { useApolloClient } from "@apollo/client/react";
import { createContext, use, useEffect, useState, useSyncExternalStore, type ReactNode } from "react";
import { useSession } from "../auth/useSession";
import { IDLE, VideoUploads, type UploadTarget, type VideoUploadEntry } from "./videoUploads";

const VideoUploadsContext = createContext<VideoUploads | null>(null);

/** Keeps uploads running across in-app navigation; a reload or closing the tab asks first. */
export function VideoUploadsProvider({ children }: { children: ReactNode }) {
  const client = useApolloClient();
  const [uploads] = useState(() => new VideoUploads(client));
  const session = useSession();
  const userId = session.user?.id ?? null;
  const restoring = session.status === "restoring";
  const busy = useSyncExternalStore(uploads.subscribe, uploads.anyBusy);

  useEffect(() => {
    if (!restoring) uploads.setUser(userId);
  }, [uploads, userId, restoring]);

  useEffect(() => {
    if (!busy) return;
    // Leaving the page would drop the file half-sent: ask first.
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [busy]);

  return <VideoUploadsContext value={uploads}>{children}</VideoUploadsContext>;
}

function useVideoUploads(): VideoUploads {
  const uploads = use(VideoUploadsContext);
  if (!uploads) throw new Error("useVideoUploads needs a VideoUploadsProvider above it");
  return uploads;
}

/** Every upload of this tab, the finished ones included until the page reloads. */
export function useUploadEntries(): ReadonlyMap<string, VideoUploadEntry> {
  const uploads = useVideoUploads();
  return useSyncExternalStore(uploads.subscribe, uploads.snapshot);
}

/** The upload of one video, and what the person can do with it. */
export function useVideoUpload(target: UploadTarget) {
  const uploads = useVideoUploads();
  const entries = useSyncExternalStore(uploads.subscribe, uploads.snapshot);
  return {
    state: entries.get(target.videoId)?.state ?? IDLE,
    start: (file: File) => uploads.start(target, file),
    retry: () => uploads.retry(target.videoId),
    cancel: () => uploads.cancel(target.videoId),
  };
}
