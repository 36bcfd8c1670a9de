import { useApolloClient, useMutation } from "@apollo/client/react";
import { useId, useState } from "react";
import { errorMessageOf } from "../../apollo/apiErrors";
import { FilePicker } from "../../components/forms/FilePicker";
import { toastSuccess } from "../../components/toasts/toastQueue";
import {
  CompleteCourseCoverUploadDocument,
  RemoveCourseCoverDocument,
  StartCourseCoverUploadDocument,
  type CourseCoverFragment,
} from "../../gql/graphql";

const COVER_TYPES = ["image/png", "image/jpeg", "image/webp"];
const COVER_MAX_BYTES = 5 * 1024 * 1024;

type CoverState = { phase: "idle" } | { phase: "uploading"; fileName: string } | { phase: "failed"; message: string };

/** Why the file cannot be a cover, before anything is sent; null when it can. */
function coverFileProblem(file: File): string | null {
  if (!COVER_TYPES.includes(file.type)) return `${file.name} is not a PNG, JPEG or WebP image. Choose one of those.`;
  if (file.size > COVER_MAX_BYTES) return `${file.name} is larger than 5 MB. Choose a smaller image.`;
  return null;
}

/** The course's cover: upload or replace an image (straight to storage), or remove it. */
export function CourseCoverPanel({ course }: { course: CourseCoverFragment & { title: string } }) {
  const client = useApolloClient();
  const hintId = useId();
  const [state, setState] = useState<CoverState>({ phase: "idle" });
  const [removeCover, removal] = useMutation(RemoveCourseCoverDocument);

  const upload = async (file: File) => {
    const problem = coverFileProblem(file);
    if (problem) return setState({ phase: "failed", message: problem });
    setState({ phase: "uploading", fileName: file.name });
    try {
      const started = await client.mutate({
        mutation: StartCourseCoverUploadDocument,
        variables: { courseId: course.id, input: { contentType: file.type, sizeBytes: file.size } },
      });
      const { uploadId, url } = started.data!.startCourseCoverUpload;
      const put = await fetch(url, { method: "PUT", headers: { "Content-Type": file.type }, body: file });
      if (!put.ok) throw new Error(`the storage answered ${put.status}`);
      await client.mutate({ mutation: CompleteCourseCoverUploadDocument, variables: { courseId: course.id, uploadId } });
      setState({ phase: "idle" });
      toastSuccess("The cover image is saved.");
    } catch (error) {
      const reason = error instanceof TypeError || (error instanceof Error && error.message.startsWith("the storage"))
        ? "The image could not be sent. Check your connection and try again."
        : errorMessageOf(error);
      setState({ phase: "failed", message: reason });
    }
  };

  const remove = async () => {
    setState({ phase: "idle" });
    const result = await removeCover({ variables: { courseId: course.id } }).catch((error: unknown) => {
      setState({ phase: "failed", message: errorMessageOf(error) });
      return null;
    });
    if (result?.data) toastSuccess("The cover image is removed.");
  };

  const busy = state.phase === "uploading" || removal.loading;
  return (
    <section className="panel" aria-labelledby="course-cover-heading">
      <h2 id="course-cover-heading">Cover image</h2>
      <div className="cover-editor">
        {course.thumbnailUrl ? (
          <img className="cover-preview" src={course.thumbnailUrl} alt={`Cover of ${course.title}`} />
        ) : (
          <span className="cover-preview cover-preview-empty" aria-hidden="true" />
        )}
        <div className="cover-editor-actions">
          <p className="muted">
            {course.hasOwnCover
              ? "The catalog and the course page show this cover."
              : course.thumbnailUrl
                ? "No cover yet: the catalog shows the thumbnail of the first ready video."
                : "No cover yet: the catalog shows a plain tile until a video is ready or you upload a cover."}
          </p>
          <FilePicker accept={COVER_TYPES} disabled={busy} describedBy={hintId} onPick={(file) => void upload(file)}>
            {course.hasOwnCover ? "Replace the cover image" : "Upload a cover image"}
          </FilePicker>
          {course.hasOwnCover && (
            <button type="button" className="button button-ghost button-small" disabled={busy} onClick={() => void remove()}>
              Remove the cover
            </button>
          )}
          <p id={hintId} className="field-hint">
            PNG, JPEG or WebP, at most 5 MB. A 16:9 picture fits the catalog best.
          </p>
          {state.phase === "uploading" && (
            <p className="muted" role="status">
              Uploading {state.fileName}…
            </p>
          )}
          {state.phase === "failed" && (
            <p className="field-error" role="alert">
              {state.message}
            </p>
          )}
        </div>
      </div>
    </section>
  );
}
