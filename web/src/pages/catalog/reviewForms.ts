import { z } from "zod";

// Zod compiles its checks with `new Function` unless told not to: its probe alone is an eval the
// Content Security Policy (script-src without unsafe-eval) refuses and reports.
z.config({ jitless: true });

/** As the API checks them: a review or reply of at most 5,000 characters, no control characters but newlines and tabs. */
export const REVIEW_TEXT_MAX = 5_000;
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

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
