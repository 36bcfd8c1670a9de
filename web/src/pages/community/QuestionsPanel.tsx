import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery } from "@apollo/client/react";
import { useEffect, useId, useState } from "react";
import { useForm } from "react-hook-form";
import { Link } from "react-router";
import { errorMessageOf, fieldErrorsOf } from "../../apollo/apiErrors";
import { questionsPath } from "../../app/paths";
import { Badge } from "../../components/Badge";
import { SubmitButton } from "../../components/forms/SubmitButton";
import { TextAreaField } from "../../components/forms/TextAreaField";
import { TextField } from "../../components/forms/TextField";
import { LoadMore } from "../../components/LoadMore";
import { toastSuccess } from "../../components/toasts/toastQueue";
import { formatClockDuration } from "../../format/duration";
import { AskQuestionDocument, VideoQuestionsDocument, type CourseQuestionViewFragment } from "../../gql/graphql";
import { useLoadMore } from "../../hooks/useLoadMore";
import { BODY_MAX, questionSchema, TITLE_MAX, type QuestionValues } from "./questionForms";
import { authorName, QuestionThread } from "./QuestionThread";
import "./community.css";

const QUESTIONS_PAGE = 20;

interface QuestionsPanelProps {
  courseId: string;
  videoId: string;
  videoTitle: string;
  /** The video on screen and where it is; null while nothing can play. */
  place: () => { videoId: string; positionSeconds?: number } | null;
  canAsk: boolean;
  pause: () => void;
  onPlay: (videoId: string, seconds: number) => void;
  /** A question to open at once (a notification's link). */
  openQuestionId?: string | null;
}

function AskForm({ videoId, videoTitle, positionSeconds, onDone }: { videoId: string; videoTitle: string; positionSeconds: number; onDone: () => void }) {
  const [ask, asking] = useMutation(AskQuestionDocument, { refetchQueries: [VideoQuestionsDocument], awaitRefetchQueries: true });
  const [apiError, setApiError] = useState<string | null>(null);
  const form = useForm<QuestionValues>({ resolver: zodResolver(questionSchema), defaultValues: { title: "", body: "" } });
  const { errors } = form.formState;
  const moment = `${formatClockDuration(positionSeconds)} of “${videoTitle}”`;
  const submit = form.handleSubmit(async (values) => {
    setApiError(null);
    try {
      await ask({ variables: { input: { videoId, positionSeconds, title: values.title, body: values.body } } });
      toastSuccess(`Your question at ${moment} is posted. You will be notified of answers.`);
      onDone();
    } catch (caught) {
      const fields = fieldErrorsOf(caught);
      for (const field of ["title", "body"] as const) if (fields[field]) form.setError(field, { message: fields[field] });
      setApiError(`Your question could not be posted. ${errorMessageOf(caught)}`);
    }
  });
  return (
    <form className="form qa-form" aria-label="Ask a question" onSubmit={(event) => void submit(event)} noValidate>
      <p className="muted">At {moment}. The video is paused while you write.</p>
      <TextField label="Title" hint={`One line, at most ${TITLE_MAX} characters.`} error={errors.title?.message} autoFocus {...form.register("title")} />
      <TextAreaField
        label="Your question"
        hint={`What you tried and what you would like to know. At most ${BODY_MAX.toLocaleString("en-US")} characters.`}
        rows={4}
        error={errors.body?.message}
        {...form.register("body")}
      />
      {apiError && (
        <p className="alert alert-error" role="alert">
          {apiError}
        </p>
      )}
      <div className="form-actions">
        <SubmitButton busy={asking.loading} busyLabel="Posting…">
          Post question
        </SubmitButton>
        <button type="button" className="button button-secondary" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function QuestionItem({ question, open, onToggle, onPlay }: { question: CourseQuestionViewFragment; open: boolean; onToggle: () => void; onPlay: QuestionsPanelProps["onPlay"] }) {
  const threadId = useId();
  const title = question.deleted ? "Deleted question" : question.title;
  return (
    <li className="qa-question">
      <div className="qa-question-head">
        <button
          type="button"
          className="button button-secondary button-small notes-play"
          aria-label={`Play from ${formatClockDuration(question.positionSeconds)}`}
          onClick={() => question.video && onPlay(question.video.id, question.positionSeconds)}
        >
          <span aria-hidden="true">▶ </span>
          {formatClockDuration(question.positionSeconds)}
        </button>
        <button type="button" className="qa-question-title" aria-expanded={open} aria-controls={threadId} onClick={onToggle}>
          {title}
        </button>
      </div>
      <p className="muted qa-meta">
        {question.deleted ? "Deleted by its author" : `Asked by ${authorName(question.author)}`} ·{" "}
        {question.answerCount === 1 ? "1 answer" : `${question.answerCount} answers`}
        {question.acceptedAnswer && (
          <>
            {" "}
            <Badge tone="success">Answered</Badge>
          </>
        )}
        {question.hidden && (
          <>
            {" "}
            <Badge tone="warning">Hidden</Badge>
          </>
        )}
      </p>
      <div id={threadId}>{open && <QuestionThread question={question} onPlay={onPlay} />}</div>
    </li>
  );
}

/** "Questions" under the player: the video's questions by moment, asking at the moment on screen, each thread opening in place. */
export function QuestionsPanel({ courseId, videoId, videoTitle, place, canAsk, pause, onPlay, openQuestionId }: QuestionsPanelProps) {
  const headingId = useId();
  const questions = useQuery(VideoQuestionsDocument, { variables: { videoId, first: QUESTIONS_PAGE } });
  const [asking, setAsking] = useState<number | null>(null);
  const [open, setOpen] = useState<string | null>(openQuestionId ?? null);
  // A notification's link to a question of the video already on screen opens it too.
  useEffect(() => {
    if (openQuestionId) setOpen(openQuestionId);
  }, [openQuestionId]);
  const video = questions.data?.node?.__typename === "Video" ? questions.data.node : null;
  const connection = video?.questions;
  const pagination = useLoadMore(connection?.pageInfo, questions.fetchMore);
  const list = connection?.edges.map((edge) => edge.node) ?? [];

  const startAsking = () => {
    const moment = place();
    if (!moment) return;
    pause();
    setAsking(moment.positionSeconds ?? 0);
  };

  if (video && !connection) return null;
  return (
    <section className="qa-panel panel" aria-labelledby={headingId}>
      <div className="notes-header">
        <h2 id={headingId}>Questions and answers</h2>
        <Link to={questionsPath(courseId)}>Search all of this course's questions</Link>
      </div>
      {asking === null ? (
        <div className="notes-actions">
          <button type="button" className="button button-primary" onClick={startAsking} disabled={!canAsk}>
            Ask a question at this moment
          </button>
        </div>
      ) : (
        <AskForm videoId={videoId} videoTitle={videoTitle} positionSeconds={asking} onDone={() => setAsking(null)} />
      )}
      {questions.loading && !connection ? (
        <p className="muted" role="status">
          Loading the questions…
        </p>
      ) : questions.error && !connection ? (
        <p className="alert alert-error" role="alert">
          The questions could not be loaded. {errorMessageOf(questions.error)}{" "}
          <button type="button" className="button button-secondary button-small" onClick={() => void questions.refetch()}>
            Try again
          </button>
        </p>
      ) : list.length === 0 ? (
        <p className="muted notes-empty">Nobody has asked about this video yet. Stuck somewhere? Pause there and ask: other learners and the instructors can answer.</p>
      ) : (
        <>
          <ul className="qa-list">
            {list.map((question) => (
              <QuestionItem key={question.id} question={question} open={open === question.id} onToggle={() => setOpen(open === question.id ? null : question.id)} onPlay={onPlay} />
            ))}
          </ul>
          <LoadMore pagination={pagination} />
        </>
      )}
    </section>
  );
}
