import { useMutation } from "@apollo/client/react";
import { CreateSectionDocument, type EditableCourseFragment } from "../../gql/graphql";
import { AddItemForm } from "./AddItemForm";
import { refetchingCourseEditor } from "./editorMutationOptions";
import { byPosition } from "./reorder";
import { SectionEditor } from "./SectionEditor";
import { VideoListEditor } from "./VideoListEditor";

export function CourseOutlineEditor({ course }: { course: EditableCourseFragment }) {
  const [createSection, creating] = useMutation(
    CreateSectionDocument,
    refetchingCourseEditor(course.id),
  );
  const sections = [...course.sections].sort(byPosition);
  const sectionIds = sections.map((section) => section.id);
  const looseVideos = course.videos.filter((video) => !video.section);

  const addSection = async (title: string) => {
    const result = await createSection({ variables: { courseId: course.id, input: { title } } });
    return Boolean(result.data);
  };

  return (
    <section className="panel" aria-labelledby="outline-editor-heading">
      <h2 id="outline-editor-heading">Sections, videos and quizzes</h2>
      <p className="muted">
        Add a video, then upload its file (MP4, WebM, MOV, MKV or AVI), or a sound file for a lesson
        without a picture (M4A, MP3, AAC, Ogg, Opus or WAV). Processing takes a moment; the status
        updates here by itself.
      </p>
      {sections.map((section) => (
        <SectionEditor
          key={section.id}
          courseId={course.id}
          section={section}
          sectionIds={sectionIds}
          courseVideos={course.videos}
        />
      ))}
      {(looseVideos.length > 0 || sections.length === 0) && (
        <section className="editor-section" aria-labelledby="loose-videos-heading">
          <h3 id="loose-videos-heading" className="editor-section-title">
            {sections.length > 0 ? "Videos outside sections" : "Videos"}
          </h3>
          <VideoListEditor courseId={course.id} sectionId={null} videos={looseVideos} />
        </section>
      )}
      <AddItemForm
        label="New section title"
        buttonLabel="Add section"
        busy={creating.loading}
        error={creating.error}
        onAdd={addSection}
      />
    </section>
  );
}
