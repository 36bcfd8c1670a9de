// The rules a course's editable fields obey, checked in one place for create and update.
import { isURL } from "class-validator";
import { badInput, type FieldErrors } from "../../platform/errors.ts";
import type { CreateCourseInput, UpdateCourseInput } from "./course.type.ts";

export const TITLE_MIN = 3;
export const TITLE_MAX = 120;
export const SUBTITLE_MAX = 200;
export const DESCRIPTION_MAX = 20_000;
export const PRICE_MAX_CENTS = 1_000_000;
export const TAGS_MAX = 10;
export const TAG_MAX = 30;
export const SLUG_MAX = 80;
export const URL_MAX = 2_048;
export const DEFAULT_CURRENCY = "USD";
/** ISO-4217 codes the payment providers settle in. */
export const SUPPORTED_CURRENCIES = ["USD", "EUR", "GBP", "CAD", "AUD", "CHF", "JPY", "SEK", "NOK", "DKK", "PLN", "INR", "BRL"] as const;

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The values to store: trimmed, normalised, and only those the input sets. */
export interface CourseFields {
  title?: string;
  subtitle?: string | null;
  description?: string;
  priceCents?: number;
  currency?: string;
  tags?: string[];
  slug?: string;
  thumbnailUrl?: string | null;
}

/** "Intro to C++ & Rust!" -> "intro-to-c-rust"; accents are folded, not dropped. */
export function slugify(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, SLUG_MAX)
    .replace(/-+$/, "");
}

const length = (value: string) => [...value].length;

function checkTags(tags: string[], errors: FieldErrors): string[] {
  const normalised = [...new Set(tags.map((tag) => tag.trim().toLowerCase().replace(/\s+/g, " ")))];
  if (tags.length > TAGS_MAX) errors.tags = `at most ${TAGS_MAX} tags`;
  else if (normalised.some((tag) => tag.length === 0 || length(tag) > TAG_MAX)) {
    errors.tags = `each tag must be 1 to ${TAG_MAX} characters long`;
  }
  return normalised;
}

/** Throws BAD_USER_INPUT naming every invalid field; answers the normalised values otherwise. */
export function checkCourseInput(input: CreateCourseInput | UpdateCourseInput): CourseFields {
  const errors: FieldErrors = {};
  const fields: CourseFields = {};
  if (input.title != null) {
    fields.title = input.title.trim();
    if (length(fields.title) < TITLE_MIN || length(fields.title) > TITLE_MAX) {
      errors.title = `must be ${TITLE_MIN} to ${TITLE_MAX} characters long`;
    }
  }
  if (input.subtitle !== undefined) {
    fields.subtitle = input.subtitle?.trim() || null;
    if (fields.subtitle && length(fields.subtitle) > SUBTITLE_MAX) errors.subtitle = `must be at most ${SUBTITLE_MAX} characters long`;
  }
  if (input.description != null) {
    fields.description = input.description.trim();
    if (length(fields.description) > DESCRIPTION_MAX) errors.description = `must be at most ${DESCRIPTION_MAX} characters long`;
  }
  if (input.priceCents != null) {
    fields.priceCents = input.priceCents;
    if (input.priceCents < 0 || input.priceCents > PRICE_MAX_CENTS) {
      errors.priceCents = `must be between 0 and ${PRICE_MAX_CENTS} minor units`;
    }
  }
  if (input.currency != null) {
    fields.currency = input.currency.trim().toUpperCase();
    if (!(SUPPORTED_CURRENCIES as readonly string[]).includes(fields.currency)) {
      errors.currency = `must be one of ${SUPPORTED_CURRENCIES.join(", ")}`;
    }
  }
  if (input.tags != null) fields.tags = checkTags(input.tags, errors);
  if (input.slug != null) {
    fields.slug = input.slug.trim();
    if (fields.slug.length > SLUG_MAX || !SLUG.test(fields.slug)) {
      errors.slug = `must be up to ${SLUG_MAX} lowercase letters, digits and single hyphens`;
    }
  }
  if ("thumbnailUrl" in input && input.thumbnailUrl !== undefined) {
    fields.thumbnailUrl = input.thumbnailUrl?.trim() || null;
    if (fields.thumbnailUrl && (fields.thumbnailUrl.length > URL_MAX || !isURL(fields.thumbnailUrl, { protocols: ["https", "http"], require_protocol: true }))) {
      errors.thumbnailUrl = "must be an http(s) URL";
    }
  }
  if (Object.keys(errors).length > 0) throw badInput(errors);
  return fields;
}
