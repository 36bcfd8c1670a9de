// One shape for every error a client sees: a contract code, a safe message, and field details.
import type { GraphQLError, GraphQLFormattedError } from "graphql";
import { unwrapResolverError } from "@apollo/server/errors";
import { ArgumentValidationError } from "type-graphql";
import type { ValidationError } from "class-validator";
import type { Context } from "./context.ts";
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

/** The PostgreSQL error under a Prisma error, whichever way Prisma wrapped it (model query, raw query, driver). */
function postgresErrorOf(error: unknown): { code: string; message: string } | undefined {
  const candidates = [error, (error as { meta?: { driverAdapterError?: unknown } })?.meta?.driverAdapterError];
  for (const candidate of candidates) {
    const cause = (candidate as { cause?: { originalCode?: unknown; originalMessage?: unknown } })?.cause;
    if (typeof cause?.originalCode === "string") return { code: cause.originalCode, message: String(cause.originalMessage ?? "") };
  }
  return undefined;
}

const GONE_MESSAGE = "It no longer exists: it was probably deleted just now.";
const RACE_MESSAGE = "A change made at the same time got in the way; try again.";

/**
 * What a client should hear about a database error that a concurrent change can cause (a row
 * deleted meanwhile, a unique key taken meanwhile, a serialization failure or deadlock), so
 * every service is covered without catching them one by one. Undefined for any other error.
 */
export function databaseRefusal(error: unknown): { code: ErrorCode; message: string } | undefined {
  const prismaCode = (error as { code?: unknown })?.code;
  if (prismaCode === "P2025") return { code: ErrorCode.NOT_FOUND, message: GONE_MESSAGE };
  const postgres = postgresErrorOf(error);
  switch (postgres?.code) {
    case "23505": // unique_violation
    case "40001": // serialization_failure
    case "40P01": // deadlock_detected
      return { code: ErrorCode.CONFLICT, message: RACE_MESSAGE };
    case "23503": // foreign_key_violation: a referenced row is gone, or a deleted row is still referenced
      return postgres.message.startsWith("insert or update")
        ? { code: ErrorCode.NOT_FOUND, message: GONE_MESSAGE }
        : { code: ErrorCode.CONFLICT, message: RACE_MESSAGE };
  }
  if (prismaCode === "P2002" || prismaCode === "P2034") return { code: ErrorCode.CONFLICT, message: RACE_MESSAGE };
  if (prismaCode === "P2003") return { code: ErrorCode.NOT_FOUND, message: GONE_MESSAGE };
  return undefined;
}

/**
 * Unexpected errors answer one neutral message in every mode: SQL, Prisma and stack text stay in
 * the server's log (with the request id, which HTTP answers carry in x-request-id).
 */
export function formatGraphQLError(formatted: GraphQLFormattedError, error: unknown) {
  const original = unwrapResolverError(error);
  const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };

  const refusal = databaseRefusal(original);
  if (refusal) return { ...base, message: refusal.message, extensions: { code: refusal.code } };

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
    const { reason, fields, retryAfterSeconds } = formatted.extensions ?? {};
    return {
      ...base,
      extensions: { code, ...(reason ? { reason } : {}), ...(fields ? { fields } : {}), ...(retryAfterSeconds ? { retryAfterSeconds } : {}) },
    };
  }
  return {
    ...base,
    message: "Internal server error.",
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
  };
}

/** True when an error is one the server did not mean to send: worth logging with its stack. */
function isUnexpected(error: unknown): boolean {
  const code = (error as { extensions?: { code?: string } }).extensions?.code;
  return (!code || code === ErrorCode.INTERNAL_SERVER_ERROR) && !databaseRefusal(unwrapResolverError(error));
}

/** Logs the errors a client sees only as "Internal server error.", on the request's log, whose lines carry its id to find them by. */
export function logUnexpectedErrors(context: Pick<Context, "log">, errors: readonly GraphQLError[]): void {
  for (const error of errors) {
    if (isUnexpected(error)) context.log.error({ err: error.originalError ?? error }, "unexpected error");
  }
}
