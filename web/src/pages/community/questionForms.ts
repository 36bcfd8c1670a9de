import { z } from "zod";

// Zod compiles its checks with `new Function` unless told not to: the Content Security Policy refuses that.
z.config({ jitless: true });

/** As the API checks them: a one-line title of at most 150 characters, a body of at most 5,000, neither empty. */
export const TITLE_MAX = 150;
export const BODY_MAX = 5_000;
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const LINE_BREAKS = /[\r\n\t]/;

const body = (empty: string) =>
  z
    .string()
    .trim()
    .min(1, empty)
    .max(BODY_MAX, `Write at most ${BODY_MAX.toLocaleString("en-US")} characters.`)
    .refine((text) => !CONTROL_CHARACTERS.test(text), "Remove the control characters from the text.");

export const questionSchema = z.object({
  title: z
    .string()
    .trim()
    .min(1, "Give your question a short title.")
    .max(TITLE_MAX, `Keep the title to ${TITLE_MAX} characters.`)
    .refine((text) => !CONTROL_CHARACTERS.test(text) && !LINE_BREAKS.test(text), "Keep the title on one line, without control characters."),
  body: body("Say what you would like to know."),
});
export type QuestionValues = z.infer<typeof questionSchema>;

export const answerSchema = z.object({ body: body("Write your answer before sending it.") });
export type AnswerValues = z.infer<typeof answerSchema>;
