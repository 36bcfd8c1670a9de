import { useId } from "react";
import { FilePicker } from "../../../components/forms/FilePicker";
import { formatBytes } from "../../../format/bytes";
import { PICKABLE_VIDEO_FILES } from "../../../uploads/videoContentType";
import { useVideoUpload } from "../../../uploads/VideoUploadsProvider";

interface VideoUploadControlProps {
  videoId: string;
  courseId: string;
  videoTitle: string;
  /** Whether the video has a file already: the picker then replaces it. */
  hasFile: boolean;
  /** The API holds an upload of this video that has not finished. */
  uploadOpen: boolean;
}

/** Picks a file for a video and shows its upload: progress, cancel, retry, resume after a reload. */
export function VideoUploadControl({ videoId, courseId, videoTitle, hasFile, uploadOpen }: VideoUploadControlProps) {
  const { state, start, retry, cancel } = useVideoUpload({ videoId, courseId, videoTitle });
  const progressId = useId();
  const pickLabel =
    state.phase === "interrupted"
      ? `Choose ${state.fileName} to resume`
      : state.phase === "failed"
        ? "Choose another file"
        : hasFile
          ? "Replace the file"
          : "Upload a file";

  if (state.phase === "uploading" || state.phase === "completing") {
    const percent = state.phase === "uploading" && state.totalBytes > 0
      ? Math.floor((state.sentBytes / state.totalBytes) * 100)
      : 100;
    return (
      <div className="upload-control">
        <label htmlFor={progressId} className="upload-label">
          {state.phase === "uploading" ? `Uploading ${state.fileName}` : `Finishing ${state.fileName}…`}
        </label>
        <progress id={progressId} className="upload-progress" max={100} value={percent}>
          {percent}%
        </progress>
        <span className="muted upload-figures" aria-live="polite">
          {state.phase === "uploading"
            ? `${percent}% · ${formatBytes(state.sentBytes)} of ${formatBytes(state.totalBytes)}`
            : "Checking the file…"}
        </span>
        {state.phase === "uploading" && (
          <button type="button" className="button button-ghost button-small" onClick={() => void cancel()}>
            Cancel<span className="visually-hidden"> the upload of {videoTitle}</span>
          </button>
        )}
      </div>
    );
  }

  return (
    <div className="upload-control">
      <FilePicker accept={PICKABLE_VIDEO_FILES} onPick={start}>
        {pickLabel}
        <span className="visually-hidden"> for video {videoTitle}</span>
      </FilePicker>
      {state.phase === "failed" && (
        <>
          <p className="field-error" role="alert">
            The upload of {state.fileName} failed. {state.message}
          </p>
          {state.canRetry && (
            <>
              <button type="button" className="button button-secondary button-small" onClick={retry}>
                Retry<span className="visually-hidden"> the upload of {videoTitle}</span>
              </button>
              <button type="button" className="button button-ghost button-small" onClick={() => void cancel()}>
                Cancel<span className="visually-hidden"> the upload of {videoTitle}</span>
              </button>
            </>
          )}
        </>
      )}
      {state.phase === "interrupted" && (
        <>
          <p className="upload-notice">
            The upload of {state.fileName} stopped at{" "}
            {Math.floor((state.sentBytes / state.totalBytes) * 100)}% when the page was left. Choose
            the same file again to resume it: only the missing part is sent. Another file starts
            over.
          </p>
          <button type="button" className="button button-ghost button-small" onClick={() => void cancel()}>
            Discard<span className="visually-hidden"> the interrupted upload of {videoTitle}</span>
          </button>
        </>
      )}
      {state.phase === "idle" && state.notice && (
        <p className="muted" role="status">
          {state.notice}
        </p>
      )}
      {state.phase === "idle" && !state.notice && uploadOpen && (
        <p className="upload-notice">
          An upload of this video has not finished. If it was interrupted, this browser cannot
          resume it: choose the file again and it is sent from the start.
        </p>
      )}
    </div>
  );
}
