import { useMutation } from "@apollo/client/react";
import { CreateVideoDocument, type EditableVideoFragment } from "../../gql/graphql";
import { AddItemForm } from "./AddItemForm";
import { refetchingCourseEditor } from "./editorMutationOptions";
import { byPosition } from "./reorder";
import { VideoRow } from "./VideoRow";

interface VideoListEditorProps {
  courseId: string;
  /** Null for the videos outside any section. */
  sectionId: string | null;
  videos: readonly EditableVideoFragment[];
}

export function VideoListEditor({ courseId, sectionId, videos }: VideoListEditorProps) {
  const [createVideo, creating] = useMutation(
    CreateVideoDocument,
    refetchingCourseEditor(courseId),
  );
  const ordered = [...videos].sort(byPosition);
  const ids = ordered.map((video) => video.id);

  const addVideo = async (title: string) => {
    const result = await createVideo({ variables: { input: { courseId, sectionId, title } } });
    return Boolean(result.data);
  };

  return (
    <>
      {ordered.length === 0 ? (
        <p className="muted">No videos here yet.</p>
      ) : (
        <ol className="editor-rows">
          {ordered.map((video) => (
            <VideoRow key={video.id} courseId={courseId} video={video} siblingIds={ids} />
          ))}
        </ol>
      )}
      <AddItemForm
        label="New video title"
        buttonLabel="Add video"
        busy={creating.loading}
        error={creating.error}
        onAdd={addVideo}
      />
    </>
  );
}
