import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@apollo/client/react";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { errorMessageOf } from "../../apollo/apiErrors";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { SubmitButton } from "../../components/forms/SubmitButton";
import { TextAreaField } from "../../components/forms/TextAreaField";
import { TextField } from "../../components/forms/TextField";
import { toastSuccess } from "../../components/toasts/toastQueue";
import {
  CourseBySlugDocument,
  CourseReviewsDocument,
  EditCourseReviewReplyDocument,
  ReplyToCourseReviewDocument,
  SetCourseReviewHiddenDocument,
  type CourseReviewItemFragment,
} from "../../gql/graphql";
import { hideSchema, replySchema, type HideValues, type ReplyValues } from "./reviewForms";

/** The list, the ratings (the page's and the heading's) and the viewer's review again, as the change left them. */
const refetch = () => ({ refetchQueries: [CourseReviewsDocument, CourseBySlugDocument], awaitRefetchQueries: true });

/** The course team's one public reply to a review, and its edit. */
export function ReplyForm({ review }: { review: CourseReviewItemFragment }) {
  const [open, setOpen] = useState(false);
  const [apiError, setApiError] = useState<string | null>(null);
  const [reply, replying] = useMutation(ReplyToCourseReviewDocument, refetch());
  const [edit, editing] = useMutation(EditCourseReviewReplyDocument, refetch());
  const form = useForm<ReplyValues>({ resolver: zodResolver(replySchema), defaultValues: { text: review.reply?.text ?? "" } });
  const name = review.author?.profile.displayName ?? "the learner";

  const submit = form.handleSubmit(async ({ text }) => {
    setApiError(null);
    try {
      if (review.reply) await edit({ variables: { reviewId: review.id, text } });
      else await reply({ variables: { reviewId: review.id, text } });
      toastSuccess(review.reply ? "Your reply is updated." : `Your reply to ${name} is posted.`);
      setOpen(false);
    } catch (caught) {
      setApiError(`Your reply could not be saved. ${errorMessageOf(caught)}`);
    }
  });

  if (!open) {
    return (
      <button type="button" className="button button-ghost" onClick={() => setOpen(true)}>
        {review.reply ? "Edit reply" : "Reply"}
        <span className="visually-hidden"> to {name}</span>
      </button>
    );
  }
  return (
    <form className="form review-reply-form" aria-label={`Reply to ${name}`} onSubmit={(event) => void submit(event)} noValidate>
      <TextAreaField label="Your public reply" rows={3} error={form.formState.errors.text?.message} {...form.register("text")} />
      {apiError && (
        <p className="alert alert-error" role="alert">
          {apiError}
        </p>
      )}
      <div className="form-actions">
        <SubmitButton busy={replying.loading || editing.loading} busyLabel="Sending…">
          {review.reply ? "Save reply" : "Post reply"}
        </SubmitButton>
        <button type="button" className="button button-ghost" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** Admins: hide an abusive review (with a reason) or show it again. */
export function HideReviewControls({ review }: { review: CourseReviewItemFragment }) {
  const [open, setOpen] = useState(false);
  const [confirmingShow, setConfirmingShow] = useState(false);
  const [apiError, setApiError] = useState<string | null>(null);
  const [setHidden, saving] = useMutation(SetCourseReviewHiddenDocument, refetch());
  const form = useForm<HideValues>({ resolver: zodResolver(hideSchema), defaultValues: { reason: "" } });
  const name = review.author?.profile.displayName ?? "a former learner";

  const change = async (hidden: boolean, reason: string | null) => {
    setApiError(null);
    try {
      await setHidden({ variables: { reviewId: review.id, hidden, reason } });
      toastSuccess(hidden ? `The review by ${name} is hidden from the course page.` : `The review by ${name} is shown again.`);
      setOpen(false);
      form.reset({ reason: "" });
    } catch (caught) {
      setApiError(`The review could not be ${hidden ? "hidden" : "shown"}. ${errorMessageOf(caught)}`);
    }
  };
  const submit = form.handleSubmit(({ reason }) => change(true, reason));

  return (
    <div className="review-moderation">
      {review.hidden ? (
        <>
          {review.hiddenReason && <p className="muted">Hidden because: {review.hiddenReason}</p>}
          <button type="button" className="button button-secondary" disabled={saving.loading} onClick={() => setConfirmingShow(true)}>
            Show review
          </button>
          <ConfirmDialog
            isOpen={confirmingShow}
            title="Show this review again?"
            confirmLabel="Show review"
            cancelLabel="Keep it hidden"
            onConfirm={() => {
              setConfirmingShow(false);
              void change(false, null);
            }}
            onCancel={() => setConfirmingShow(false)}
          >
            <p>It returns to the course's page and counts in its rating again.</p>
          </ConfirmDialog>
        </>
      ) : open ? (
        <form className="form" aria-label={`Hide the review by ${name}`} onSubmit={(event) => void submit(event)} noValidate>
          <TextField label="Why hide it?" hint="Its author sees this reason." error={form.formState.errors.reason?.message} {...form.register("reason")} />
          <div className="form-actions">
            <SubmitButton busy={saving.loading} busyLabel="Hiding…" variant="danger">
              Hide review
            </SubmitButton>
            <button type="button" className="button button-ghost" onClick={() => setOpen(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <button type="button" className="button button-ghost" onClick={() => setOpen(true)}>
          Hide review<span className="visually-hidden"> by {name}</span>
        </button>
      )}
      {apiError && (
        <p className="alert alert-error" role="alert">
          {apiError}
        </p>
      )}
    </div>
  );
}
