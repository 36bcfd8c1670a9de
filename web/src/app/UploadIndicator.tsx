import { Link } from "react-router";
import { formatCount } from "../format/count";
import { isBusy } from "../uploads/videoUploads";
import { useUploadEntries } from "../uploads/VideoUploadsProvider";
import { courseEditorPath } from "./paths";

/** While files upload, on every page: how far they are, and a way back to the course. */
export function UploadIndicator() {
  const running = [...useUploadEntries().values()].filter((entry) => isBusy(entry.state));
  const first = running[0];
  if (!first) return null;

  let sent = 0;
  let total = 0;
  for (const { state } of running) {
    if (state.phase === "uploading") {
      sent += state.sentBytes;
      total += state.totalBytes;
    }
  }
  const percent = total > 0 ? Math.floor((sent / total) * 100) : 100;
  const what = running.length === 1 ? `video ${first.videoTitle}` : formatCount(running.length, "video");

  return (
    <div className="upload-indicator">
      <progress className="upload-indicator-bar" max={100} value={percent} aria-label="Uploads in progress">
        {percent}%
      </progress>
      <Link to={courseEditorPath(first.courseId)} className="upload-indicator-link">
        Uploading<span className="upload-indicator-what"> {what}:</span> {percent}%<span className="visually-hidden">. Open its course.</span>
      </Link>
    </div>
  );
}
