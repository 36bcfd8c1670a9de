import { useMutation } from "@apollo/client/react";
import { useState } from "react";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { InlineError } from "../../components/InlineError";
import { toastSuccess } from "../../components/toasts/toastQueue";
import {
  CreateQuizDocument,
  DeleteQuizDocument,
  UpdateQuizDocument,
  type EditableQuizFragment,
  type EditableVideoFragment,
} from "../../gql/graphql";
import { refetchingCourseEditor } from "./editorMutationOptions";
import { QuizForm } from "./QuizForm";
import { quizInputOf, type QuizValues } from "./quizForms";

interface SectionQuizzesProps {
  courseId: string;
  sectionId: string;
  sectionTitle: string;
  quizzes: readonly EditableQuizFragment[];
  videos: readonly EditableVideoFragment[];
}

function quizSummary(quiz: EditableQuizFragment): string {
  const count = quiz.questions?.length ?? 0;
  const attempts = quiz.attemptLimit ? `${quiz.attemptLimit} attempt${quiz.attemptLimit === 1 ? "" : "s"}` : "unlimited attempts";
  return `${count} question${count === 1 ? "" : "s"}, pass mark ${quiz.passPercent} %, ${attempts}${quiz.requiredForCompletion ? ", required to complete the course" : ""}.`;
}

/** A section's quizzes in the course editor: listed in order, added, edited and deleted. */
export function SectionQuizzes({ courseId, sectionId, sectionTitle, quizzes, videos }: SectionQuizzesProps) {
  // "new", a quiz's id, or null: the one form open at a time.
  const [editing, setEditing] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<EditableQuizFragment | null>(null);
  const [createQuiz, creating] = useMutation(CreateQuizDocument, { ...refetchingCourseEditor(courseId), errorPolicy: "none" });
  const [updateQuiz, updating] = useMutation(UpdateQuizDocument);
  const [deleteQuiz, removing] = useMutation(DeleteQuizDocument, refetchingCourseEditor(courseId));
  const ordered = [...quizzes].sort((a, b) => a.position - b.position);

  const save = (quiz: EditableQuizFragment | null) => async (values: QuizValues, withQuestions: boolean) => {
    const input = quizInputOf(values);
    if (quiz) {
      await updateQuiz({ variables: { input: { ...input, id: quiz.id, questions: withQuestions ? input.questions : null } } });
      toastSuccess(`The quiz “${values.title}” is saved.`);
    } else {
      await createQuiz({ variables: { input: { ...input, sectionId } } });
      toastSuccess(`The quiz “${values.title}” is added to the section “${sectionTitle}”.`);
    }
    setEditing(null);
  };

  const confirmDelete = async () => {
    const quiz = deleting!;
    setDeleting(null);
    const result = await deleteQuiz({ variables: { id: quiz.id } });
    if (result.data) toastSuccess(`The quiz “${quiz.title}” is deleted.`);
  };

  return (
    <div className="section-quizzes" aria-label={`Quizzes of ${sectionTitle}`} role="group">
      <h4>Quizzes</h4>
      {ordered.length === 0 && editing !== "new" && <p className="muted">No quizzes in this section yet.</p>}
      <ol className="editor-rows">
        {ordered.map((quiz) => (
          <li key={quiz.id} className="editor-row quiz-row">
            {editing === quiz.id ? (
              <QuizForm quiz={quiz} videos={videos} busy={updating.loading} onSave={save(quiz)} onCancel={() => setEditing(null)} />
            ) : (
              <>
                <span>
                  <strong>{quiz.title}</strong> <span className="muted">{quizSummary(quiz)}</span>
                </span>
                <span className="row-actions">
                  <button type="button" className="button button-secondary" onClick={() => setEditing(quiz.id)}>
                    Edit<span className="visually-hidden"> the quiz {quiz.title}</span>
                  </button>
                  <button type="button" className="button button-ghost" onClick={() => setDeleting(quiz)} disabled={removing.loading}>
                    Delete<span className="visually-hidden"> the quiz {quiz.title}</span>
                  </button>
                </span>
              </>
            )}
          </li>
        ))}
      </ol>
      {editing === "new" ? (
        <QuizForm quiz={null} videos={videos} busy={creating.loading} onSave={save(null)} onCancel={() => setEditing(null)} />
      ) : (
        <button type="button" className="button button-secondary" onClick={() => setEditing("new")}>
          Add a quiz to {sectionTitle}
        </button>
      )}
      <InlineError error={removing.error} />
      <ConfirmDialog
        isOpen={deleting !== null}
        title={`Delete the quiz “${deleting?.title ?? ""}”?`}
        confirmLabel="Delete quiz"
        cancelLabel="Keep it"
        destructive
        onConfirm={() => void confirmDelete()}
        onCancel={() => setDeleting(null)}
      >
        <p>Its questions and every learner's attempts go with it. Courses it helped complete stay completed.</p>
      </ConfirmDialog>
    </div>
  );
}
