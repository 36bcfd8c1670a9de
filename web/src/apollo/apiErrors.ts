import { CombinedGraphQLErrors, ServerError } from "@apollo/client/errors";
import type { GraphQLFormattedError } from "graphql";

/** Input field name → message, from an error's extensions.fields. */
export type FieldErrors = Readonly<Partial<Record<string, string>>>;

export const NO_FIELD_ERRORS: FieldErrors = {};

const CODE_OF_HTTP_STATUS: Record<number, string> = {
  401: "UNAUTHENTICATED",
  403: "FORBIDDEN",
  429: "RATE_LIMITED",
};

function parseErrorsOfBody(bodyText: string): readonly GraphQLFormattedError[] {
  try {
    const body: unknown = JSON.parse(bodyText);
    const errors = (body as { errors?: unknown } | null)?.errors;
    return Array.isArray(errors) ? (errors as GraphQLFormattedError[]) : [];
  } catch {
    return [];
  }
}

/** The GraphQL errors behind an Apollo error, whichever way the server sent them. */
export function graphQLErrorsOf(error: unknown): readonly GraphQLFormattedError[] {
  if (CombinedGraphQLErrors.is(error)) return error.errors;
  // An operation refused as a whole (HTTP 401/403) answered as plain JSON
  // reaches us as a ServerError that still carries the GraphQL body.
  if (ServerError.is(error)) return parseErrorsOfBody(error.bodyText);
  return [];
}

export function errorCodeOf(error: unknown): string | undefined {
  const code = graphQLErrorsOf(error)
    .map((graphQLError) => graphQLError.extensions?.code)
    .find((candidate) => typeof candidate === "string");
  if (typeof code === "string") return code;
  if (ServerError.is(error)) {
    return CODE_OF_HTTP_STATUS[error.statusCode] ??
      (error.statusCode >= 500 ? "INTERNAL_SERVER_ERROR" : undefined);
  }
  return undefined;
}

/** Why the API refused, beside the code (extensions.reason: "EMAIL_NOT_VERIFIED", "COUPON_EXPIRED"…). */
export function errorReasonOf(error: unknown): string | undefined {
  const reason = graphQLErrorsOf(error)
    .map((graphQLError) => graphQLError.extensions?.reason)
    .find((candidate) => typeof candidate === "string");
  return typeof reason === "string" ? reason : undefined;
}

function asSentence(message: string): string {
  return message.charAt(0).toUpperCase() + message.slice(1);
}

/**
 * Field name → message, from the extensions.fields of BAD_USER_INPUT (and of
 * CONFLICT, e.g. a slug already taken).
 */
export function fieldErrorsOf(error: unknown): FieldErrors {
  const fieldErrors: Record<string, string> = {};
  for (const graphQLError of graphQLErrorsOf(error)) {
    const fields: unknown = graphQLError.extensions?.fields;
    if (typeof fields !== "object" || fields === null) continue;
    for (const [path, message] of Object.entries(fields)) {
      // Accept "input.email" as well as "email": forms name their fields after
      // the input object's own fields.
      const field = path.split(".").pop() ?? path;
      // The API words these to follow the field's name ("is taken"); under
      // the field's label they read as a sentence.
      if (typeof message === "string") fieldErrors[field] ??= asSentence(message);
    }
  }
  return Object.keys(fieldErrors).length > 0 ? fieldErrors : NO_FIELD_ERRORS;
}

function retryAfterSecondsOf(error: unknown): number | undefined {
  for (const graphQLError of graphQLErrorsOf(error)) {
    const seconds = graphQLError.extensions?.retryAfterSeconds;
    if (typeof seconds === "number") return Math.ceil(seconds);
  }
  return undefined;
}

function isNetworkFailure(error: unknown): boolean {
  return error instanceof TypeError && !CombinedGraphQLErrors.is(error);
}

const FALLBACK_MESSAGES: Record<string, string> = {
  UNAUTHENTICATED: "Please sign in to continue.",
  FORBIDDEN: "You are not allowed to do this.",
  NOT_FOUND: "We couldn't find what you were looking for.",
  BAD_USER_INPUT: "Please check what you entered.",
  CONFLICT: "This conflicts with the current state; reload and try again.",
  PAYMENT_REQUIRED: "This needs a purchase first.",
};
const GENERIC_MESSAGE = "Something went wrong on our side. Please try again.";

/** A sentence fit for the user, whatever went wrong. */
export function errorMessageOf(error: unknown): string {
  if (isNetworkFailure(error)) {
    return "We can't reach the server. Check your connection and try again.";
  }
  const code = errorCodeOf(error);
  if (code === "RATE_LIMITED") {
    const seconds = retryAfterSecondsOf(error);
    return seconds
      ? `Too many attempts. Please wait ${seconds} second${seconds === 1 ? "" : "s"} and try again.`
      : "Too many attempts. Please wait a moment and try again.";
  }
  const fallback = code ? FALLBACK_MESSAGES[code] : undefined;
  if (!fallback) return GENERIC_MESSAGE;
  const [first] = graphQLErrorsOf(error);
  // A BAD_USER_INPUT with a `reason` is a malformed request, a bug of ours:
  // its message is for developers.
  if (!first || (code === "BAD_USER_INPUT" && first.extensions?.reason)) return fallback;
  // The API words the messages of these codes for the person who made the request.
  return first.message;
}
