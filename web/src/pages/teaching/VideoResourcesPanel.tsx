import { useMutation, useQuery } from "@apollo/client/react";
import { useId, useState } from "react";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { FilePicker } from "../../components/forms/FilePicker";
import { InlineError } from "../../components/InlineError";
import { toastSuccess } from "../../components/toasts/toastQueue";
import { formatBytes } from "../../format/bytes";
import {
  DeleteVideoResourceDocument,
  RenameVideoResourceDocument,
  ReorderVideoResourcesDocument,
  VideoResourcesDocument,
  type EditableResourceFragment,
} from "../../gql/graphql";
import { PICKABLE_RESOURCE_FILES, resourceKindOf } from "../../uploads/resourceContentType";
import { useResourceUpload } from "../../uploads/useResourceUpload";
import { movedBy } from "./reorder";
import { RenameForm } from "./RenameForm";
import { RowActions } from "./RowActions";
import "./videoResources.css";

interface VideoResourcesPanelProps {
  videoId: string;
  videoTitle: string;
}

/** The files attached to a video for its learners, loaded when the panel is opened. */
export function VideoResourcesPanel({ videoId, videoTitle }: VideoResourcesPanelProps) {
  const [open, setOpen] = useState(false);
  return (
    <details className="resources-panel" onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>
        Resources<span className="visually-hidden"> of video {videoTitle}</span>
      </summary>
      {open && <ResourcesEditor videoId={videoId} videoTitle={videoTitle} />}
    </details>
  );
}

function ResourcesEditor({ videoId, videoTitle }: VideoResourcesPanelProps) {
  const { data, loading, error, refetch } = useQuery(VideoResourcesDocument, { variables: { videoId }, fetchPolicy: "cache-and-network" });
  const refetching = { errorPolicy: "all" as const, refetchQueries: [{ query: VideoResourcesDocument, variables: { videoId } }], awaitRefetchQueries: true };
  const [reorder, reordering] = useMutation(ReorderVideoResourcesDocument, refetching);
  const { state, start, cancel } = useResourceUpload(videoId, (resource) => {
    toastSuccess(`“${resource.fileName}” is attached to the video “${videoTitle}”.`);
    void refetch();
  });
  const hintId = useId();
  const progressId = useId();
  const resources = data?.video?.resources ?? [];
  const ids = resources.map((resource) => resource.id);

  return (
    <div className="resources-editor">
      {loading && !data && <p className="muted">Loading the resources…</p>}
      <InlineError error={error} />
      {data && resources.length === 0 && (
        <p className="muted">No files are attached to this video yet. The course’s learners can download what you attach here.</p>
      )}
      {resources.length > 0 && (
        <ul className="editor-rows resource-list" aria-label={`Resources of video ${videoTitle}`}>
          {resources.map((resource, index) => (
            <ResourceRow
              key={resource.id}
              videoId={videoId}
              resource={resource}
              index={index}
              count={resources.length}
              moving={reordering.loading}
              onMove={async (offset) => {
                const result = await reorder({ variables: { videoId, resourceIds: movedBy(ids, index, offset) } });
                return Boolean(result.data);
              }}
            />
          ))}
        </ul>
      )}
      <InlineError error={reordering.error} />
      {state.phase === "uploading" || state.phase === "completing" ? (
        <div className="upload-control">
          <label htmlFor={progressId} className="upload-label">
            {state.phase === "uploading" ? `Uploading ${state.fileName}` : `Checking ${state.fileName}…`}
          </label>
          <progress
            id={progressId}
            className="upload-progress"
            max={100}
            value={state.phase === "uploading" && state.totalBytes > 0 ? Math.floor((state.sentBytes / state.totalBytes) * 100) : 100}
          />
          {state.phase === "uploading" && (
            <>
              <span className="muted upload-figures" aria-live="polite">
                {formatBytes(state.sentBytes)} of {formatBytes(state.totalBytes)}
              </span>
              <button type="button" className="button button-ghost button-small" onClick={cancel}>
                Cancel<span className="visually-hidden"> the upload of {state.fileName}</span>
              </button>
            </>
          )}
        </div>
      ) : (
        <div className="upload-control">
          <FilePicker accept={PICKABLE_RESOURCE_FILES} describedBy={hintId} onPick={start}>
            Attach a file<span className="visually-hidden"> to video {videoTitle}</span>
          </FilePicker>
          <span id={hintId} className="muted resource-hint">
            A PDF, slides (PPTX, Keynote, ODP), a ZIP or TAR.GZ archive, text, Markdown or an image.
          </span>
          {state.phase === "failed" && (
            <p className="field-error" role="alert">
              {state.fileName} could not be attached. {state.message}
            </p>
          )}
        </div>
      )}
    </div>
  );
}

interface ResourceRowProps {
  videoId: string;
  resource: EditableResourceFragment;
  index: number;
  count: number;
  moving: boolean;
  onMove: (offset: -1 | 1) => Promise<boolean>;
}

function ResourceRow({ videoId, resource, index, count, moving, onMove }: ResourceRowProps) {
  const [rename, renaming] = useMutation(RenameVideoResourceDocument, { errorPolicy: "all" });
  const [remove, removing] = useMutation(DeleteVideoResourceDocument, {
    errorPolicy: "all",
    refetchQueries: [{ query: VideoResourcesDocument, variables: { videoId } }],
    awaitRefetchQueries: true,
  });
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const itemName = `resource ${resource.fileName}`;

  const handleRename = async (fileName: string) => {
    const result = await rename({ variables: { id: resource.id, fileName } });
    if (result.data) toastSuccess(`The file is now called “${result.data.renameVideoResource.fileName}”.`);
  };
  const handleDelete = async () => {
    setConfirmingDelete(false);
    const result = await remove({ variables: { id: resource.id } });
    if (result.data) toastSuccess(`“${resource.fileName}” is no longer attached.`);
  };

  return (
    <li className="editor-row resource-row">
      <div className="editor-row-main resource-row-main">
        <RenameForm
          itemName={itemName}
          name={resource.fileName}
          busy={renaming.loading}
          error={renaming.error}
          fieldLabel="File name"
          maxLength={255}
          onSave={(fileName) => void handleRename(fileName)}
        />
        <span className="muted">
          {resourceKindOf(resource.contentType)} · {formatBytes(resource.byteSize)}
        </span>
      </div>
      <RowActions
        itemName={itemName}
        index={index}
        count={count}
        disabled={moving || removing.loading}
        onMove={onMove}
        onDelete={() => setConfirmingDelete(true)}
      />
      <InlineError error={removing.error} />
      <ConfirmDialog
        isOpen={confirmingDelete}
        title={`Delete “${resource.fileName}”?`}
        confirmLabel="Delete file"
        cancelLabel="Cancel"
        destructive
        onConfirm={() => void handleDelete()}
        onCancel={() => setConfirmingDelete(false)}
      >
        <p>Learners will no longer be able to download it. This cannot be undone.</p>
      </ConfirmDialog>
    </li>
  );
}
