import { useMutation } from "@apollo/client/react";
import { InlineError } from "../../components/InlineError";
import { toastSuccess } from "../../components/toasts/toastQueue";
import { formatCount } from "../../format/count";
import {
  DeleteSectionDocument,
  RenameSectionDocument,
  ReorderSectionsDocument,
  type EditableSectionFragment,
} from "../../gql/graphql";
import { refetchingCourseEditor } from "./editorMutationOptions";
import { RowActions } from "./RowActions";
import { RenameForm } from "./RenameForm";
import { movedBy } from "./reorder";
import { VideoListEditor } from "./VideoListEditor";

interface SectionEditorProps {
  courseId: string;
  section: EditableSectionFragment;
  /** Every section id of the course, in order. */
  sectionIds: readonly string[];
}

export function SectionEditor({ courseId, section, sectionIds }: SectionEditorProps) {
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

  const handleDelete = async () => {
    const contents =
      section.videos.length > 0 ? ` It holds ${formatCount(section.videos.length, "video")}.` : "";
    if (!window.confirm(`Delete the section “${section.title}”?${contents}`)) return;
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
          onDelete={() => void handleDelete()}
        />
        <InlineError error={reordering.error ?? deleting.error} />
      </header>
      <VideoListEditor courseId={courseId} sectionId={section.id} videos={section.videos} />
    </section>
  );
}
