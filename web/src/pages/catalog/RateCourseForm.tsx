import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@apollo/client/react";
import { useState } from "react";
import { Controller, useForm } from "react-hook-form";
import { Label, Radio, RadioGroup } from "react-aria-components";
import { errorMessageOf, fieldErrorsOf } from "../../apollo/apiErrors";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { SubmitButton } from "../../components/forms/SubmitButton";
import { TextAreaField } from "../../components/forms/TextAreaField";
import { toastSuccess } from "../../components/toasts/toastQueue";
import {
  CourseBySlugDocument,
  CourseReviewsDocument,
  DeleteCourseReviewDocument,
  UpsertCourseReviewDocument,
  type CourseReviewItemFragment,
} from "../../gql/graphql";
import { reviewSchema, type ReviewValues } from "./reviewForms";

const STAR_LABELS = ["1 star: poor", "2 stars: fair", "3 stars: good", "4 stars: very good", "5 stars: excellent"];
/** The list, the ratings (the page's and the heading's) and the viewer's review again, as the change left them. */
const refetch = () => ({ refetchQueries: [CourseReviewsDocument, CourseBySlugDocument], awaitRefetchQueries: true });

/** The viewer's own rating and review: written once, then changed or deleted. */
export function RateCourseForm({ courseId, review }: { courseId: string; review: CourseReviewItemFragment | null }) {
  const [editing, setEditing] = useState(review === null);
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const [apiError, setApiError] = useState<string | null>(null);
  const [upsert, upserting] = useMutation(UpsertCourseReviewDocument, refetch());
  const [remove, removing] = useMutation(DeleteCourseReviewDocument, refetch());
  const form = useForm<ReviewValues>({
    resolver: zodResolver(reviewSchema),
    defaultValues: { rating: review?.rating ?? 0, text: review?.text ?? "" },
  });
  const { errors } = form.formState;

  const submit = form.handleSubmit(async (values) => {
    setApiError(null);
    try {
      await upsert({ variables: { input: { courseId, rating: values.rating, text: values.text || null } } });
      toastSuccess(review ? "Your review is updated." : "Thank you: your review is posted.");
      setEditing(false);
    } catch (caught) {
      const fields = fieldErrorsOf(caught);
      for (const [field, message] of Object.entries(fields)) {
        if ((field === "rating" || field === "text") && message) form.setError(field, { message });
      }
      setApiError(`Your review could not be saved. ${errorMessageOf(caught)}`);
    }
  });

  const confirmDelete = async () => {
    setConfirmingDelete(false);
    setApiError(null);
    try {
      await remove({ variables: { courseId } });
      form.reset({ rating: 0, text: "" });
      setEditing(true);
      toastSuccess("Your review is deleted.");
    } catch (caught) {
      setApiError(`Your review could not be deleted. ${errorMessageOf(caught)}`);
    }
  };

  if (review && !editing) {
    return (
      <section className="rate-course" aria-labelledby="your-review-heading">
        <h3 id="your-review-heading">Your review</h3>
        {review.hidden && (
          <p className="alert alert-info">
            An admin hid your review from other visitors{review.hiddenReason ? `: ${review.hiddenReason}` : "."}
          </p>
        )}
        <p>
          You rated this course {review.rating} out of 5.{review.text ? "" : " You wrote no text."}
        </p>
        {review.text && <p className="prose">{review.text}</p>}
        <div className="form-actions">
          <button type="button" className="button button-secondary" onClick={() => setEditing(true)}>
            Edit your review
          </button>
          <button type="button" className="button button-ghost" onClick={() => setConfirmingDelete(true)} disabled={removing.loading}>
            Delete your review
          </button>
        </div>
        {apiError && (
          <p className="alert alert-error" role="alert">
            {apiError}
          </p>
        )}
        <ConfirmDialog
          isOpen={confirmingDelete}
          title="Delete your review?"
          confirmLabel="Delete review"
          cancelLabel="Keep it"
          destructive
          onConfirm={() => void confirmDelete()}
          onCancel={() => setConfirmingDelete(false)}
        >
          <p>Your rating and text leave this course's page. You can rate it again later.</p>
        </ConfirmDialog>
      </section>
    );
  }

  return (
    <section className="rate-course" aria-labelledby="rate-heading">
      <h3 id="rate-heading">{review ? "Edit your review" : "Rate this course"}</h3>
      <form className="form" aria-label={review ? "Edit your review" : "Rate this course"} onSubmit={(event) => void submit(event)} noValidate>
        <Controller
          control={form.control}
          name="rating"
          render={({ field }) => (
            <RadioGroup
              className={errors.rating ? "field star-rating field-invalid" : "field star-rating"}
              value={field.value ? String(field.value) : null}
              onChange={(value) => field.onChange(Number(value))}
              isInvalid={!!errors.rating}
              orientation="horizontal"
            >
              <Label className="field-label">Your rating</Label>
              <div className="star-options">
                {STAR_LABELS.map((label, index) => (
                  <Radio key={label} value={String(index + 1)} aria-label={label} className="star-option">
                    {({ isSelected }) => (
                      <span aria-hidden="true" className={index < field.value ? "star star-on" : "star"} data-selected={isSelected || undefined}>
                        {index < field.value ? "★" : "☆"}
                      </span>
                    )}
                  </Radio>
                ))}
              </div>
              {errors.rating && <p className="field-error">{errors.rating.message}</p>}
            </RadioGroup>
          )}
        />
        <TextAreaField
          label="Your review (optional)"
          hint="What helped you, what could be better. At most 5,000 characters."
          rows={4}
          error={errors.text?.message}
          {...form.register("text")}
        />
        {apiError && (
          <p className="alert alert-error" role="alert">
            {apiError}
          </p>
        )}
        <div className="form-actions">
          <SubmitButton busy={upserting.loading} busyLabel="Saving…">
            {review ? "Save your review" : "Post your review"}
          </SubmitButton>
          {review && (
            <button type="button" className="button button-ghost" onClick={() => setEditing(false)}>
              Cancel
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
