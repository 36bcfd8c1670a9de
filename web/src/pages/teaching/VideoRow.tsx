import { useMutation } from "@apollo/client/react";
import { useState } from "react";
import { Badge } from "../../components/Badge";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { InlineError } from "../../components/InlineError";
import { toastSuccess } from "../../components/toasts/toastQueue";
import { formatClockDuration } from "../../format/duration";
import {
  DeleteVideoDocument,
  ReorderVideosDocument,
  UpdateVideoDocument,
  type EditableVideoFragment,
} from "../../gql/graphql";
import { refetchingCourseEditor } from "./editorMutationOptions";
import { RowActions } from "./RowActions";
import { RenameForm } from "./RenameForm";
import { movedBy } from "./reorder";
import { VideoUploadControl } from "./upload/VideoUploadControl";
import { VIDEO_STATUS_PRESENTATION } from "./videoStatus";
import { VideoResourcesPanel } from "./VideoResourcesPanel";
import { VideoStreamingStatus } from "./VideoStreamingStatus";

interface VideoRowProps {
  courseId: string;
  video: EditableVideoFragment;
  /** The ids of the video's list (its section, or the unsectioned videos), in order. */
  siblingIds: readonly string[];
}

export function VideoRow({ courseId, video, siblingIds }: VideoRowProps) {
  const [updateVideo, updating] = useMutation(UpdateVideoDocument, { errorPolicy: "all" });
  const [reorderVideos, reordering] = useMutation(ReorderVideosDocument, { errorPolicy: "all" });
  const [deleteVideo, deleting] = useMutation(
    DeleteVideoDocument,
    refetchingCourseEditor(courseId),
  );
  const index = siblingIds.indexOf(video.id);
  const busy = updating.loading || reordering.loading || deleting.loading;
  const status = VIDEO_STATUS_PRESENTATION[video.status];
  const itemName = `video ${video.title}`;
  const [confirmingDelete, setConfirmingDelete] = useState(false);

  const handleDelete = async () => {
    setConfirmingDelete(false);
    const result = await deleteVideo({ variables: { id: video.id } });
    if (result.data) toastSuccess(`The video “${video.title}” is deleted.`);
  };

  const handleRename = async (title: string) => {
    const result = await updateVideo({ variables: { id: video.id, input: { title } } });
    if (result.data) toastSuccess(`The video is now called “${title}”.`);
  };

  return (
    <li className="editor-row">
      {video.thumbnailUrl ? (
        <img className="editor-row-thumb" src={video.thumbnailUrl} alt="" loading="lazy" />
      ) : (
        <span className="editor-row-thumb editor-row-thumb-empty" aria-hidden="true" />
      )}
      <div className="editor-row-main">
        <RenameForm
          itemName={itemName}
          name={video.title}
          busy={updating.loading}
          error={updating.error}
          onSave={(title) => void handleRename(title)}
        />
        <span className="editor-row-facts">
          <span aria-live="polite">
            <Badge tone={status.tone}>{status.label}</Badge>
          </span>
          {video.durationSeconds !== null && (
            <span className="muted">{formatClockDuration(video.durationSeconds)}</span>
          )}
          <label className="checkbox">
            <input
              type="checkbox"
              checked={video.isPreview}
              disabled={busy}
              onChange={(event) => {
                const isPreview = event.target.checked;
                void updateVideo({
                  variables: { id: video.id, input: { isPreview } },
                  optimisticResponse: { updateVideo: { ...video, isPreview } },
                });
              }}
            />
            Free preview
          </label>
        </span>
        <VideoStreamingStatus status={video.status} streaming={video} />
        {video.processingError && (
          <div className="processing-failure">
            <p className="field-error">
              {video.status === "FAILED"
                ? video.processingError
                : `The new file could not be used, so the previous one still plays. ${video.processingError}`}
            </p>
            {/* Admins only: the API answers the tools' words to nobody else. */}
            {video.processingErrorDetail && (
              <details>
                <summary>Technical detail</summary>
                <code>{video.processingErrorDetail}</code>
              </details>
            )}
          </div>
        )}
        <VideoUploadControl
          videoId={video.id}
          courseId={courseId}
          videoTitle={video.title}
          hasFile={video.status === "READY" || video.durationSeconds !== null}
          uploadOpen={video.status === "UPLOADING"}
        />
        <VideoResourcesPanel videoId={video.id} videoTitle={video.title} />
      </div>
      <RowActions
        itemName={itemName}
        index={index}
        count={siblingIds.length}
        disabled={busy}
        onMove={async (offset) => {
          const result = await reorderVideos({
            variables: {
              courseId,
              sectionId: video.section?.id ?? null,
              videoIds: movedBy(siblingIds, index, offset),
            },
          });
          return Boolean(result.data);
        }}
        onDelete={() => setConfirmingDelete(true)}
      />
      <InlineError error={reordering.error ?? deleting.error} />
      <ConfirmDialog
        isOpen={confirmingDelete}
        title={`Delete the video “${video.title}”?`}
        confirmLabel="Delete video"
        cancelLabel="Cancel"
        destructive
        onConfirm={() => void handleDelete()}
        onCancel={() => setConfirmingDelete(false)}
      >
        <p>Its file and transcript are deleted with it. This cannot be undone.</p>
      </ConfirmDialog>
    </li>
  );
}
