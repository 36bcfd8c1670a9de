import type { FieldErrors } from "../../apollo/apiErrors";

/**
 * How a sentence about each input field starts, by the field's name in the API's inputs. The API
 * words most field messages to follow that name ("is already registered").
 */
const FIELD_SUBJECTS: Readonly<Record<string, string>> = {
  email: "This email address",
  password: "The password",
  newPassword: "The new password",
  displayName: "The name",
  token: "This reset link",
  avatarUrl: "The avatar URL",
  bio: "The text about you",
  headline: "The headline",
  motivation: "Your answer",
  note: "The note",
  title: "The title",
  subtitle: "The subtitle",
  description: "The description",
  priceCents: "The price",
  currency: "The currency",
  tags: "The tags",
  slug: "This address",
  thumbnailUrl: "The thumbnail URL",
  transcriptVtt: "The transcript",
  role: "This change",
  userId: "This person",
  search: "The search",
  code: "The code",
  discount: "The discount",
  expiresAt: "The expiry date",
  maxRedemptions: "The number of uses",
  amount: "The amount",
  reason: "The reason",
  text: "The text",
  videoId: "This video",
  positionSeconds: "The moment",
  fileName: "The file name",
  contentType: "This kind of file",
  byteSize: "The file's size",
};
const UNKNOWN_FIELD_SUBJECT = "This value";

/** The words a message that follows its field's name starts with. */
const PREDICATE_START = /^(is|are|was|were|must|would|cannot|can|has|have|does|do)\b/i;

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A clause of a message, as a sentence of its own. */
function asSentence(clause: string): string {
  const text = capitalized(clause.trim());
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/**
 * A field's error message as full sentences: "is invalid, already used or expired; ask for a new
 * link" on `token` reads "This reset link is invalid, already used or expired. Ask for a new
 * link." Messages that are sentences already (they end with a full stop) stay as they are.
 */
export function fieldSentence(field: string, message: string): string {
  const text = message.trim();
  if (/[.!?]$/.test(text)) return text;
  const [first = "", ...rest] = text.split(/;\s*/);
  // Lower case again: fieldErrorsOf capitalises what it reads.
  const opening = PREDICATE_START.test(first)
    ? `${FIELD_SUBJECTS[field] ?? UNKNOWN_FIELD_SUBJECT} ${first.charAt(0).toLowerCase()}${first.slice(1)}`
    : first;
  return [opening, ...rest].map(asSentence).join(" ");
}

/** Every field error of a form, as sentences. */
export function fieldSentences(fieldErrors: FieldErrors): Array<[field: string, sentence: string]> {
  return Object.entries(fieldErrors).flatMap(([field, message]) =>
    message ? [[field, fieldSentence(field, message)] as [string, string]] : [],
  );
}
