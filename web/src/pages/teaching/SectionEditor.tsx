import { useMutation } from "@apollo/client/react";
import { useState } from "react";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { InlineError } from "../../components/InlineError";
import { toastSuccess } from "../../components/toasts/toastQueue";
import {
  DeleteSectionDocument,
  RenameSectionDocument,
  ReorderSectionsDocument,
  type EditableSectionFragment,
  type EditableVideoFragment,
} from "../../gql/graphql";
import { refetchingCourseEditor } from "./editorMutationOptions";
import { RowActions } from "./RowActions";
import { RenameForm } from "./RenameForm";
import { movedBy } from "./reorder";
import { SectionQuizzes } from "./SectionQuizzes";
import { VideoListEditor } from "./VideoListEditor";

interface SectionEditorProps {
  courseId: string;
  section: EditableSectionFragment;
  /** Every section id of the course, in order. */
  sectionIds: readonly string[];
  /** Every video of the course, which its quizzes' questions may be about. */
  courseVideos: readonly EditableVideoFragment[];
}

export function SectionEditor({ courseId, section, sectionIds, courseVideos }: SectionEditorProps) {
  const [renameSection, renaming] = useMutation(RenameSectionDocument, { errorPolicy: "all" });
  const [reorderSections, reordering] = useMutation(ReorderSectionsDocument, {
    errorPolicy: "all",
  });
  const [deleteSection, deleting] = useMutation(
    DeleteSectionDocument,
    refetchingCourseEditor(courseId),
  );
  const index = sectionIds.indexOf(section.id);
  const busy = renaming.loading || reordering.loading || deleting.loading;
  const itemName = `section ${section.title}`;
  const headingId = `section-${section.id}`;
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const videoCount = section.videos.length;

  const handleDelete = async () => {
    setConfirmingDelete(false);
    const result = await deleteSection({ variables: { id: section.id } });
    if (result.data) toastSuccess(`The section “${section.title}” is deleted.`);
  };

  const handleRename = async (title: string) => {
    const result = await renameSection({ variables: { id: section.id, input: { title } } });
    if (result.data) toastSuccess(`The section is now called “${title}”.`);
  };

  return (
    <section className="editor-section" aria-labelledby={headingId}>
      <header className="editor-section-header">
        <h3 id={headingId} className="visually-hidden">
          {section.title}
        </h3>
        <span className="editor-section-number" aria-hidden="true">
          {index + 1}
        </span>
        <RenameForm
          itemName={itemName}
          name={section.title}
          busy={renaming.loading}
          error={renaming.error}
          onSave={(title) => void handleRename(title)}
        />
        <RowActions
          itemName={itemName}
          index={index}
          count={sectionIds.length}
          disabled={busy}
          onMove={async (offset) => {
            const result = await reorderSections({
              variables: { courseId, sectionIds: movedBy(sectionIds, index, offset) },
            });
            return Boolean(result.data);
          }}
          onDelete={() => setConfirmingDelete(true)}
        />
        <InlineError error={reordering.error ?? deleting.error} />
        <ConfirmDialog
          isOpen={confirmingDelete}
          title={`Delete the section “${section.title}”?`}
          confirmLabel="Delete section"
          cancelLabel="Cancel"
          destructive
          onConfirm={() => void handleDelete()}
          onCancel={() => setConfirmingDelete(false)}
        >
          <p>
            {videoCount === 0 && "The section holds no videos."}
            {videoCount === 1 && "Its video stays in the course, at the end of the videos outside sections."}
            {videoCount > 1 && `Its ${videoCount} videos stay in the course, at the end of the videos outside sections.`}
          </p>
        </ConfirmDialog>
      </header>
      <VideoListEditor courseId={courseId} sectionId={section.id} videos={section.videos} />
      <SectionQuizzes courseId={courseId} sectionId={section.id} sectionTitle={section.title} quizzes={section.quizzes} videos={courseVideos} />
    </section>
  );
}
