// PostgreSQL full-text search over what a person types, for lists that offer a search box (the
// catalog's courses, a course's questions). A searched document holds each word twice, stemmed
// ('english') and as written ('simple'), so the word being typed matches as a prefix of a word as
// written even where it is longer than the word's English stem ("programmi" vs "program").
import { Prisma } from "./db.ts";

const SEARCH_WORDS_MAX = 8;

export interface SearchTerms {
  /** Every word but the last, joined with &: each must match (stemmed). */
  leading: string | null;
  /** The word being typed: it matches stemmed, or as a prefix of a word as written. */
  last: string;
}

/**
 * "intro to typ" -> leading "intro & to", last "typ". Only letters and digits reach to_tsquery,
 * so no input can form its operators. Null when nothing searchable is left.
 */
export function searchTerms(search: string): SearchTerms | null {
  const words = search.toLowerCase().match(/[\p{L}\p{N}]+/gu)?.slice(0, SEARCH_WORDS_MAX);
  if (!words?.length) return null;
  return { leading: words.length > 1 ? words.slice(0, -1).join(" & ") : null, last: words.at(-1)! };
}

/** The tsquery of the terms, for `document @@ tsquery(terms)` and `ts_rank(document, tsquery(terms))`. */
export function tsquery({ leading, last }: SearchTerms): Prisma.Sql {
  const typed = Prisma.sql`(to_tsquery('english', ${last}) || to_tsquery('simple', ${`${last}:*`}))`;
  return leading ? Prisma.sql`(to_tsquery('english', ${leading}) && ${typed})` : typed;
}
