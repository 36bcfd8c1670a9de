// The one way to refuse a request: every module throws these, so clients can rely on
// extensions.code (and extensions.reason / fields / retryAfterSeconds) everywhere.
import { GraphQLError } from "graphql";

export const ErrorCode = {
  UNAUTHENTICATED: "UNAUTHENTICATED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  BAD_USER_INPUT: "BAD_USER_INPUT",
  CONFLICT: "CONFLICT",
  PAYMENT_REQUIRED: "PAYMENT_REQUIRED",
  RATE_LIMITED: "RATE_LIMITED",
  INTERNAL_SERVER_ERROR: "INTERNAL_SERVER_ERROR",
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/**
 * Why a request was refused, beside its code, for clients and tests to branch on instead of the
 * message. Each module adds its own reasons in its `<module>.reasons.ts`:
 *
 *     declare module "../../platform/errors.ts" {
 *       interface ErrorReasons { COURSE_HAS_ENROLLMENTS: "learning" }
 *     }
 *
 * (the value names the module that declares the reason).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ErrorReasons {}
export type ErrorReason = keyof ErrorReasons & string;

/** Field name (as in the input) to a message a person can read. */
export type FieldErrors = Record<string, string>;

interface Refusal {
  reason?: ErrorReason;
  fields?: FieldErrors;
}

function error(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extensions } });
}

function refusalExtensions({ reason, fields }: Refusal = {}): Record<string, unknown> {
  return { ...(reason ? { reason } : {}), ...(fields ? { fields } : {}) };
}

export const unauthenticated = (message = "Sign in to continue.") => error(ErrorCode.UNAUTHENTICATED, message);

/** Credentials were presented but are invalid: the whole request is refused with HTTP 401. */
export const invalidCredentials = (message: string) =>
  error(ErrorCode.UNAUTHENTICATED, message, { http: { status: 401 } });

export const forbidden = (message = "You are not allowed to do this.", refusal?: Refusal) =>
  error(ErrorCode.FORBIDDEN, message, refusalExtensions(refusal));

export const notFound = (what: string) => error(ErrorCode.NOT_FOUND, `${what} not found.`);

export const conflict = (message: string, refusal?: Refusal) =>
  error(ErrorCode.CONFLICT, message, refusalExtensions(refusal));

export const paymentRequired = (message: string, refusal?: Refusal) =>
  error(ErrorCode.PAYMENT_REQUIRED, message, refusalExtensions(refusal));

/** `reason`, when given, says why beside the fields (a free course bought, a coupon used up). */
export function badInput(fields: FieldErrors, message?: string, reason?: ErrorReason): GraphQLError {
  return error(ErrorCode.BAD_USER_INPUT, message ?? Object.entries(fields).map(([f, m]) => `${f}: ${m}`).join("; "), {
    fields,
    ...(reason ? { reason } : {}),
  });
}

/** Throws badInput naming every field whose check found a problem (undefined: none); returns when there is none. */
export function refuseFieldProblems(problems: Record<string, string | undefined>): void {
  const named = Object.fromEntries(Object.entries(problems).filter(([, problem]) => problem !== undefined)) as FieldErrors;
  if (Object.keys(named).length > 0) throw badInput(named);
}

export const rateLimited = (retryAfterSeconds: number, message = "Too many requests; try again later.", reason?: ErrorReason) =>
  error(ErrorCode.RATE_LIMITED, message, { retryAfterSeconds: Math.max(1, Math.ceil(retryAfterSeconds)), ...(reason ? { reason } : {}) });

export function codeOf(value: unknown): string | undefined {
  if (value instanceof GraphQLError) return value.extensions?.code as string | undefined;
  return undefined;
}
