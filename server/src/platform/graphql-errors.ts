// One shape for every error a client sees: a contract code, a safe message, and field details.
import type { GraphQLFormattedError } from "graphql";
import { unwrapResolverError } from "@apollo/server/errors";
import { ArgumentValidationError } from "type-graphql";
import type { ValidationError } from "class-validator";
import { ErrorCode, type FieldErrors } from "./errors.ts";

/** Apollo's codes for requests that are not valid GraphQL: to clients, all bad input. */
const REQUEST_ERROR_CODES = new Set([
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "BAD_REQUEST",
  "OPERATION_RESOLUTION_FAILURE",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
]);

const CONTRACT_CODES = new Set<string>(Object.values(ErrorCode));

function collectFieldErrors(errors: ValidationError[], into: FieldErrors = {}): FieldErrors {
  for (const error of errors) {
    const message = Object.values(error.constraints ?? {})[0];
    if (message) into[error.property] ??= message;
    if (error.children?.length) collectFieldErrors(error.children, into);
  }
  return into;
}

export function formatGraphQLError(formatted: GraphQLFormattedError, error: unknown, isProduction: boolean) {
  const original = unwrapResolverError(error);
  const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };

  if (original instanceof ArgumentValidationError) {
    const fields = collectFieldErrors(original.extensions.validationErrors as ValidationError[]);
    const message = Object.entries(fields).map(([field, text]) => `${field}: ${text}`).join("; ");
    return { ...base, message: message || "Invalid input.", extensions: { code: ErrorCode.BAD_USER_INPUT, fields } };
  }

  const code = String(formatted.extensions?.code ?? "");
  if (REQUEST_ERROR_CODES.has(code)) {
    return { ...base, extensions: { code: ErrorCode.BAD_USER_INPUT, reason: code } };
  }
  if (CONTRACT_CODES.has(code) && code !== ErrorCode.INTERNAL_SERVER_ERROR) {
    const { fields, retryAfterSeconds } = formatted.extensions ?? {};
    return { ...base, extensions: { code, ...(fields ? { fields } : {}), ...(retryAfterSeconds ? { retryAfterSeconds } : {}) } };
  }
  return {
    ...base,
    message: isProduction ? "Internal server error." : formatted.message,
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
  };
}

/** True when an error is one the server did not mean to send: worth logging with its stack. */
export function isUnexpected(error: unknown): boolean {
  const code = (error as { extensions?: { code?: string } }).extensions?.code;
  return !code || code === ErrorCode.INTERNAL_SERVER_ERROR;
}
