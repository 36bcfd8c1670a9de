import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery } from "@apollo/client/react";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { errorMessageOf, fieldErrorsOf } from "../../apollo/apiErrors";
import { Avatar } from "../../components/Avatar";
import { Badge } from "../../components/Badge";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { SubmitButton } from "../../components/forms/SubmitButton";
import { TextAreaField } from "../../components/forms/TextAreaField";
import { LoadMore } from "../../components/LoadMore";
import { toastSuccess } from "../../components/toasts/toastQueue";
import { formatClockDuration } from "../../format/duration";
import {
  AcceptAnswerDocument,
  AnswerQuestionDocument,
  CourseQuestionSearchDocument,
  DeleteAnswerDocument,
  DeleteQuestionDocument,
  QuestionThreadDocument,
  SetAnswerHiddenDocument,
  SetQuestionHiddenDocument,
  UnacceptAnswerDocument,
  VideoQuestionsDocument,
  type CourseQuestionViewFragment,
  type QuestionAnswerViewFragment,
} from "../../gql/graphql";
import { useLoadMore } from "../../hooks/useLoadMore";
import { answerSchema, type AnswerValues } from "./questionForms";

const ANSWERS_PAGE = 20;
const refetchThread = { refetchQueries: [QuestionThreadDocument, VideoQuestionsDocument, CourseQuestionSearchDocument], awaitRefetchQueries: true };

const authorName = (author: { profile: { displayName: string } } | null | undefined) => author?.profile.displayName ?? "A former participant";

interface PostActionsProps {
  kind: "question" | "answer";
  id: string;
  isAuthor: boolean;
  canModerate: boolean;
  hidden: boolean;
  /** Says whose post, for screen readers ("by Hugo Helper"). */
  whose: string;
}

/** Deleting one's own post (after a confirmation), hiding or showing one for the course's team and admins. */
function PostActions({ kind, id, isAuthor, canModerate, hidden, whose }: PostActionsProps) {
  const [deleteQuestion] = useMutation(DeleteQuestionDocument, refetchThread);
  const [deleteAnswer] = useMutation(DeleteAnswerDocument, refetchThread);
  const [hideQuestion] = useMutation(SetQuestionHiddenDocument, refetchThread);
  const [hideAnswer] = useMutation(SetAnswerHiddenDocument, refetchThread);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!isAuthor && !canModerate) return null;
  const remove = async () => {
    setConfirming(false);
    setError(null);
    try {
      if (kind === "question") await deleteQuestion({ variables: { id } });
      else await deleteAnswer({ variables: { id } });
      toastSuccess(kind === "question" ? "Your question is deleted. Answers it had stay, under a deleted question." : "Your answer is deleted.");
    } catch (caught) {
      setError(`Your ${kind} could not be deleted. ${errorMessageOf(caught)}`);
    }
  };
  const toggleHidden = async () => {
    setError(null);
    try {
      if (kind === "question") await hideQuestion({ variables: { id, hidden: !hidden } });
      else await hideAnswer({ variables: { id, hidden: !hidden } });
      toastSuccess(hidden ? `The ${kind} is shown to everyone again.` : `The ${kind} is hidden from everyone but its author, the course's team and admins.`);
    } catch (caught) {
      setError(`The ${kind} could not be ${hidden ? "shown" : "hidden"}. ${errorMessageOf(caught)}`);
    }
  };
  return (
    <div className="qa-post-actions">
      {isAuthor && (
        <button type="button" className="button button-ghost button-small button-danger-text" onClick={() => setConfirming(true)}>
          Delete your {kind}
        </button>
      )}
      {canModerate && (
        <button type="button" className="button button-ghost button-small" onClick={() => void toggleHidden()}>
          {hidden ? "Show" : "Hide"} this {kind}
          <span className="visually-hidden"> {whose}</span>
        </button>
      )}
      {error && (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      )}
      <ConfirmDialog
        isOpen={confirming}
        title={`Delete your ${kind}?`}
        confirmLabel={`Delete ${kind}`}
        cancelLabel="Keep it"
        destructive
        onConfirm={() => void remove()}
        onCancel={() => setConfirming(false)}
      >
        <p>{kind === "question" ? "Your question is deleted for good. If it has answers, they stay under it, marked as a deleted question." : "Your answer is deleted for good."}</p>
      </ConfirmDialog>
    </div>
  );
}

function AnswerItem({ answer, question }: { answer: QuestionAnswerViewFragment; question: CourseQuestionViewFragment }) {
  const [accept, accepting] = useMutation(AcceptAnswerDocument, refetchThread);
  const [unaccept, unaccepting] = useMutation(UnacceptAnswerDocument, refetchThread);
  const [error, setError] = useState<string | null>(null);
  const name = authorName(answer.author);
  const toggle = async () => {
    setError(null);
    try {
      if (answer.accepted) {
        await unaccept({ variables: { questionId: question.id } });
        toastSuccess(`${name}'s answer is no longer marked as accepted.`);
      } else {
        await accept({ variables: { answerId: answer.id } });
        toastSuccess(`${name}'s answer is marked as the accepted answer.`);
      }
    } catch (caught) {
      setError(`The answer could not be ${answer.accepted ? "unmarked" : "accepted"}. ${errorMessageOf(caught)}`);
    }
  };
  return (
    <li className={answer.accepted ? "qa-answer qa-answer-accepted" : "qa-answer"}>
      <div className="qa-byline">
        <Avatar name={name} url={answer.author?.profile.avatarUrl ?? null} />
        <span>{name}</span>
        {answer.accepted && <Badge tone="success">Accepted answer</Badge>}
        {answer.hidden && <Badge tone="warning">Hidden</Badge>}
      </div>
      <p className="qa-text">{answer.body}</p>
      {question.viewerCanAccept && (
        <button type="button" className="button button-secondary button-small" onClick={() => void toggle()} disabled={accepting.loading || unaccepting.loading}>
          {answer.accepted ? "Unmark as accepted" : "Accept this answer"}
          <span className="visually-hidden"> by {name}</span>
        </button>
      )}
      {error && (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      )}
      <PostActions kind="answer" id={answer.id} isAuthor={answer.viewerIsAuthor} canModerate={question.viewerCanModerate} hidden={answer.hidden} whose={`by ${name}`} />
    </li>
  );
}

function AnswerForm({ questionId }: { questionId: string }) {
  const [answer, answering] = useMutation(AnswerQuestionDocument, refetchThread);
  const [apiError, setApiError] = useState<string | null>(null);
  const form = useForm<AnswerValues>({ resolver: zodResolver(answerSchema), defaultValues: { body: "" } });
  const submit = form.handleSubmit(async (values) => {
    setApiError(null);
    try {
      await answer({ variables: { input: { questionId, body: values.body } } });
      form.reset({ body: "" });
      toastSuccess("Your answer is posted. The person who asked is notified.");
    } catch (caught) {
      const fields = fieldErrorsOf(caught);
      if (fields.body) form.setError("body", { message: fields.body });
      setApiError(`Your answer could not be posted. ${errorMessageOf(caught)}`);
    }
  });
  return (
    <form className="form qa-form" aria-label="Answer this question" onSubmit={(event) => void submit(event)} noValidate>
      <TextAreaField label="Your answer" rows={3} error={form.formState.errors.body?.message} {...form.register("body")} />
      {apiError && (
        <p className="alert alert-error" role="alert">
          {apiError}
        </p>
      )}
      <div className="form-actions">
        <SubmitButton busy={answering.loading} busyLabel="Posting…">
          Post answer
        </SubmitButton>
      </div>
    </form>
  );
}

/** One question with its answers, an answer form, and (for the course's team) accepting. */
export function QuestionThread({ question, onPlay }: { question: CourseQuestionViewFragment; onPlay?: (videoId: string, seconds: number) => void }) {
  const thread = useQuery(QuestionThreadDocument, { variables: { id: question.id, first: ANSWERS_PAGE } });
  const node = thread.data?.node?.__typename === "CourseQuestion" ? thread.data.node : null;
  const connection = node?.answers;
  const pagination = useLoadMore(connection?.pageInfo, thread.fetchMore);
  const answers = connection?.edges.map((edge) => edge.node) ?? [];
  const current = node ?? question;
  return (
    <div className="qa-thread">
      {current.deleted ? <p className="muted">Its author deleted this question; its answers stay.</p> : <p className="qa-text">{current.body}</p>}
      {!current.deleted && (
        <PostActions kind="question" id={current.id} isAuthor={current.viewerIsAuthor} canModerate={current.viewerCanModerate} hidden={current.hidden} whose={`“${current.title}”`} />
      )}
      {onPlay && current.video && (
        <button type="button" className="button button-ghost button-small" onClick={() => onPlay(current.video!.id, current.positionSeconds)}>
          <span aria-hidden="true">▶ </span>Play from {formatClockDuration(current.positionSeconds)}
        </button>
      )}
      {thread.error && !node ? (
        <p className="alert alert-error" role="alert">
          The answers could not be loaded. {errorMessageOf(thread.error)}
        </p>
      ) : thread.loading && !node ? (
        <p className="muted" role="status">
          Loading the answers…
        </p>
      ) : answers.length === 0 ? (
        <p className="muted">No answers yet. If you know, help out.</p>
      ) : (
        <>
          <h4 className="visually-hidden">Answers</h4>
          <ul className="qa-answers">
            {answers.map((answer) => (
              <AnswerItem key={answer.id} answer={answer} question={current} />
            ))}
          </ul>
          <LoadMore pagination={pagination} />
        </>
      )}
      {!current.deleted && !current.hidden && <AnswerForm questionId={current.id} />}
    </div>
  );
}

export { authorName };
