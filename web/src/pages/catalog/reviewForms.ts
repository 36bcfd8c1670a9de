import { CONTROL_CHARACTERS, z } from "../../components/forms/zod";

/** As the API checks them: a review or reply of at most 5,000 characters, no control characters but newlines and tabs. */
export const REVIEW_TEXT_MAX = 5_000;

const reviewText = z
  .string()
  .trim()
  .max(REVIEW_TEXT_MAX, `Write at most ${REVIEW_TEXT_MAX.toLocaleString("en-US")} characters.`)
  .refine((text) => !CONTROL_CHARACTERS.test(text), "Remove the control characters from the text.");

export const reviewSchema = z.object({
  rating: z.number({ error: "Choose from 1 to 5 stars." }).int().min(1, "Choose from 1 to 5 stars.").max(5, "Choose from 1 to 5 stars."),
  text: reviewText,
});
export type ReviewValues = z.infer<typeof reviewSchema>;

export const replySchema = z.object({ text: reviewText.min(1, "Write the reply before sending it.") });
export type ReplyValues = z.infer<typeof replySchema>;

export const hideSchema = z.object({
  reason: z.string().trim().min(1, "Say why the review is hidden.").max(500, "Write at most 500 characters."),
});
export type HideValues = z.infer<typeof hideSchema>;
