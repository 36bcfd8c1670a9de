// One way for tests to check a refusal: its contract code and, where the server gives one, its
// reason. Tests assert these, never the message, which is written for people and may change.
import type { ErrorCode, ErrorReason } from "../../src/platform/errors.ts";
import type { GraphQLResponse } from "./test-server.ts";

type Refused = Pick<GraphQLResponse, "errors">;

/** The response was refused with `code` (and `reason`, when given) as its first error. */
export function expectError(result: Refused, code: ErrorCode, reason?: ErrorReason): void {
  const extensions = result.errors?.[0]?.extensions;
  expect({ code: extensions?.code, ...(reason ? { reason: extensions?.reason } : {}) }).toEqual({ code, ...(reason ? { reason } : {}) });
}
