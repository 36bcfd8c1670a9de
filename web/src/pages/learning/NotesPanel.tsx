import { useMutation, useQuery } from "@apollo/client/react";
import { useId, useState } from "react";
import { errorMessageOf, fieldErrorsOf, NO_FIELD_ERRORS, type FieldErrors } from "../../apollo/apiErrors";
import { Badge } from "../../components/Badge";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { Form } from "../../components/forms/Form";
import { fieldSentence } from "../../components/forms/fieldSentence";
import { textOf } from "../../components/forms/formValues";
import { SubmitButton } from "../../components/forms/SubmitButton";
import { TextAreaField } from "../../components/forms/TextAreaField";
import { LoadMore } from "../../components/LoadMore";
import { toastSuccess } from "../../components/toasts/toastQueue";
import { formatClockDuration } from "../../format/duration";
import {
  CourseNotesDocument,
  CreateVideoNoteDocument,
  DeleteVideoNoteDocument,
  UpdateVideoNoteDocument,
  type VideoNoteViewFragment,
} from "../../gql/graphql";
import { useLoadMore } from "../../hooks/useLoadMore";
import "./notes.css";

/** The API's limit on a note's text, in characters. */
export const NOTE_MAX_CHARS = 5000;
const NOTES_PAGE = 100;

/** Where a new note goes: the video on screen and the second it was at. */
interface Moment {
  videoId: string;
  videoTitle: string;
  positionSeconds: number;
}

interface NotesPanelProps {
  courseId: string;
  /** The video on screen and where it is; null, or no position, while nothing can play. */
  place: () => { videoId: string; positionSeconds?: number } | null;
  /** False while the video on screen cannot play: no moment to keep. */
  canMark: boolean;
  /** The title of the video on screen, for the new note's form. */
  videoTitle: string;
  /** Pauses the video while the learner writes. */
  pause: () => void;
  /** Plays a note's moment: seeks the player, or opens the other video there. */
  onPlay: (videoId: string, seconds: number) => void;
}

const momentWords = (positionSeconds: number, videoTitle: string) => `${formatClockDuration(positionSeconds)} of “${videoTitle}”`;

/** What the form checks before sending; the API checks the same (and control characters). */
function textProblem(text: string, required: boolean): string | undefined {
  if (required && text.length === 0) return "Write something for your note, or use “Bookmark this moment” to keep the moment without words.";
  if ([...text].length > NOTE_MAX_CHARS) return `Your note must be at most ${NOTE_MAX_CHARS.toLocaleString("en")} characters.`;
  return undefined;
}

interface NoteFormProps {
  label: string;
  /** Says where the note is. */
  where: string;
  initialText?: string;
  /** A note needs words; a bookmark's are optional. */
  required: boolean;
  submitLabel: string;
  saving: boolean;
  error: unknown;
  onSave: (text: string) => void;
  onCancel: () => void;
}

function NoteForm({ label, where, initialText = "", required, submitLabel, saving, error, onSave, onCancel }: NoteFormProps) {
  const [checked, setChecked] = useState<FieldErrors>(NO_FIELD_ERRORS);
  const fieldErrors = checked !== NO_FIELD_ERRORS ? checked : fieldErrorsOf(error);
  const handleSubmit = (data: FormData) => {
    const text = textOf(data, "text");
    const problem = textProblem(text, required);
    if (problem) {
      setChecked({ text: problem });
      return;
    }
    setChecked(NO_FIELD_ERRORS);
    onSave(text);
  };
  return (
    <Form label={label} onSubmit={handleSubmit} error={checked === NO_FIELD_ERRORS ? error : undefined} invalidFields={fieldErrors}>
      <p className="muted notes-form-where">{where}</p>
      <TextAreaField
        label={required ? "Note" : "Note (optional)"}
        name="text"
        rows={3}
        defaultValue={initialText}
        maxLength={NOTE_MAX_CHARS}
        error={fieldErrors.text && fieldSentence("text", fieldErrors.text)}
        autoFocus
      />
      <div className="form-actions">
        <SubmitButton busy={saving} busyLabel="Saving…">
          {submitLabel}
        </SubmitButton>
        <button type="button" className="button button-secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </Form>
  );
}

interface NoteItemProps {
  note: VideoNoteViewFragment;
  onPlay: NotesPanelProps["onPlay"];
  onDelete: (note: VideoNoteViewFragment) => void;
}

function NoteItem({ note, onPlay, onDelete }: NoteItemProps) {
  const [editing, setEditing] = useState(false);
  const [update, { loading, error, reset }] = useMutation(UpdateVideoNoteDocument, { errorPolicy: "all" });
  const bookmark = note.kind === "BOOKMARK";
  const what = bookmark ? "bookmark" : "note";
  const save = async (text: string) => {
    const result = await update({ variables: { input: { id: note.id, text } } });
    if (!result.data?.updateVideoNote) return;
    setEditing(false);
    toastSuccess(`Your ${what} at ${momentWords(note.positionSeconds, note.video.title)} was saved.`);
  };
  return (
    <li className="notes-item">
      <div className="notes-item-head">
        <button
          type="button"
          className="button button-secondary button-small notes-play"
          aria-label={`Play from ${momentWords(note.positionSeconds, note.video.title)}`}
          onClick={() => onPlay(note.video.id, note.positionSeconds)}
        >
          <span aria-hidden="true">▶ </span>
          {formatClockDuration(note.positionSeconds)}
        </button>
        {bookmark && <Badge tone="info">Bookmark</Badge>}
        <span className="notes-item-actions">
          <button type="button" className="button button-ghost button-small" onClick={() => setEditing(true)} disabled={editing}>
            Edit<span className="visually-hidden"> the {what} at {momentWords(note.positionSeconds, note.video.title)}</span>
          </button>
          <button type="button" className="button button-ghost button-small button-danger-text" onClick={() => onDelete(note)}>
            Delete<span className="visually-hidden"> the {what} at {momentWords(note.positionSeconds, note.video.title)}</span>
          </button>
        </span>
      </div>
      {editing ? (
        <NoteForm
          label={`Edit the ${what} at ${momentWords(note.positionSeconds, note.video.title)}`}
          where={`At ${momentWords(note.positionSeconds, note.video.title)}.`}
          initialText={note.text}
          required={!bookmark}
          submitLabel="Save"
          saving={loading}
          error={error}
          onSave={(text) => void save(text)}
          onCancel={() => {
            reset();
            setEditing(false);
          }}
        />
      ) : (
        note.text && <p className="notes-text">{note.text}</p>
      )}
    </li>
  );
}

/** Consecutive notes of one video (the list comes in the course's playing order), under its title. */
function byVideo(notes: VideoNoteViewFragment[]) {
  const groups: { videoId: string; title: string; notes: VideoNoteViewFragment[] }[] = [];
  for (const note of notes) {
    const last = groups.at(-1);
    if (last?.videoId === note.video.id) last.notes.push(note);
    else groups.push({ videoId: note.video.id, title: note.video.title, notes: [note] });
  }
  return groups;
}

/**
 * "Notes" under the player: the learner's private notes and bookmarks in the course, by video and
 * moment, each playing its moment; a note is added at the moment on screen (the video pauses
 * while it is written), a bookmark at once.
 */
export function NotesPanel({ courseId, place, canMark, videoTitle, pause, onPlay }: NotesPanelProps) {
  const headingId = useId();
  const notes = useQuery(CourseNotesDocument, { variables: { courseId, first: NOTES_PAGE } });
  // The list is in the course's order, which the server decides: read again after each change.
  const [create, creating] = useMutation(CreateVideoNoteDocument, { refetchQueries: [CourseNotesDocument], awaitRefetchQueries: true, errorPolicy: "all" });
  const [remove, removing] = useMutation(DeleteVideoNoteDocument, { refetchQueries: [CourseNotesDocument], awaitRefetchQueries: true, errorPolicy: "all" });
  const [adding, setAdding] = useState<Moment | null>(null);
  const [deleting, setDeleting] = useState<VideoNoteViewFragment | null>(null);
  const [bookmarkError, setBookmarkError] = useState<unknown>(null);
  const connection = notes.data?.course?.viewerNotes;
  const pagination = useLoadMore(connection?.pageInfo, notes.fetchMore);
  const list = connection?.edges.map((edge) => edge.node) ?? [];

  const momentNow = (): Moment | null => {
    const moment = place();
    if (!moment) return null;
    return { videoId: moment.videoId, videoTitle, positionSeconds: moment.positionSeconds ?? 0 };
  };

  const startNote = () => {
    const moment = momentNow();
    if (!moment) return;
    pause();
    creating.reset();
    setAdding(moment);
  };

  const addNote = async (moment: Moment, text: string) => {
    const result = await create({ variables: { input: { videoId: moment.videoId, positionSeconds: moment.positionSeconds, kind: "NOTE", text } } });
    if (!result.data?.createVideoNote) return;
    setAdding(null);
    toastSuccess(`Your note at ${momentWords(moment.positionSeconds, moment.videoTitle)} was saved.`);
  };

  const bookmark = async () => {
    const moment = momentNow();
    if (!moment) return;
    setBookmarkError(null);
    const result = await create({ variables: { input: { videoId: moment.videoId, positionSeconds: moment.positionSeconds, kind: "BOOKMARK", text: "" } } });
    if (!result.data?.createVideoNote) {
      setBookmarkError(result.error ?? new Error("The bookmark was not saved."));
      return;
    }
    toastSuccess(`Bookmarked ${momentWords(moment.positionSeconds, moment.videoTitle)}. Find it under Notes.`);
  };

  const confirmDelete = async (note: VideoNoteViewFragment) => {
    setDeleting(null);
    const result = await remove({ variables: { id: note.id } });
    const what = note.kind === "BOOKMARK" ? "bookmark" : "note";
    if (result.data?.deleteVideoNote) toastSuccess(`Your ${what} at ${momentWords(note.positionSeconds, note.video.title)} was deleted.`);
  };

  const bookmarkFields = fieldErrorsOf(bookmarkError);
  // The API names the video (a course holding as many notes as it may) or the moment; else its general sentence.
  const bookmarkAlert = bookmarkFields.videoId
    ? fieldSentence("videoId", bookmarkFields.videoId)
    : bookmarkFields.positionSeconds
      ? fieldSentence("positionSeconds", bookmarkFields.positionSeconds)
      : `The bookmark was not saved. ${errorMessageOf(bookmarkError)}`;

  return (
    <section className="notes-panel panel" aria-labelledby={headingId}>
      <div className="notes-header">
        <h2 id={headingId}>Notes</h2>
        {connection && connection.totalCount > 0 && (
          <span className="muted">{connection.totalCount === 1 ? "1 note" : `${connection.totalCount} notes`}</span>
        )}
      </div>
      <div className="notes-actions">
        <button type="button" className="button button-primary" onClick={startNote} disabled={!canMark}>
          Add note
        </button>
        <button type="button" className="button button-secondary" onClick={() => void bookmark()} disabled={!canMark || (creating.loading && !adding)}>
          Bookmark this moment
        </button>
      </div>
      {bookmarkError ? (
        <p className="alert alert-error" role="alert">
          {bookmarkAlert}
        </p>
      ) : null}
      {adding && (
        <NoteForm
          label="New note"
          where={`At ${momentWords(adding.positionSeconds, adding.videoTitle)}. The video is paused while you write.`}
          required
          submitLabel="Save note"
          saving={creating.loading}
          error={creating.error}
          onSave={(text) => void addNote(adding, text)}
          onCancel={() => setAdding(null)}
        />
      )}
      {removing.error ? (
        <p className="alert alert-error" role="alert">
          The note was not deleted. {errorMessageOf(removing.error)}
        </p>
      ) : null}
      {notes.loading && !connection ? (
        <p className="muted" role="status">
          Loading your notes…
        </p>
      ) : notes.error && !connection ? (
        <p className="alert alert-error" role="alert">
          Your notes could not be loaded. {errorMessageOf(notes.error)}{" "}
          <button type="button" className="button button-secondary button-small" onClick={() => void notes.refetch()}>
            Try again
          </button>
        </p>
      ) : list.length === 0 ? (
        <p className="muted notes-empty">
          You have no notes in this course yet. While a video plays, choose “Add note” to write about that moment, or “Bookmark this
          moment” to come back to it later. Only you can see them.
        </p>
      ) : (
        <>
          {byVideo(list).map((group) => (
            <div key={group.videoId} className="notes-group">
              <h3>{group.title}</h3>
              <ul className="notes-list">
                {group.notes.map((note) => (
                  <NoteItem key={note.id} note={note} onPlay={onPlay} onDelete={setDeleting} />
                ))}
              </ul>
            </div>
          ))}
          <LoadMore pagination={pagination} />
        </>
      )}
      <ConfirmDialog
        isOpen={deleting !== null}
        title={deleting?.kind === "BOOKMARK" ? "Delete this bookmark?" : "Delete this note?"}
        confirmLabel="Delete"
        cancelLabel="Keep it"
        destructive
        onConfirm={() => deleting && void confirmDelete(deleting)}
        onCancel={() => setDeleting(null)}
      >
        {deleting && (
          <p>
            The {deleting.kind === "BOOKMARK" ? "bookmark" : "note"} at {momentWords(deleting.positionSeconds, deleting.video.title)} is
            deleted for good.
          </p>
        )}
      </ConfirmDialog>
    </section>
  );
}
