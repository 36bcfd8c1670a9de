// An operation refused as a whole answers 401 (who are you?), 429 (not so often) or 403 (not you),
// per the contract; every throttle's 429 carries Retry-After, as the per-viewer limit's does.
import { HeaderMap, type ApolloServerPlugin } from "@apollo/server";
import { ErrorCode } from "./errors.ts";

const REFUSALS = new Set<unknown>([ErrorCode.UNAUTHENTICATED, ErrorCode.RATE_LIMITED, ErrorCode.FORBIDDEN]);

/** The HTTP head of a throttled answer: 429 with Retry-After in whole seconds. */
export function rateLimitedHead(retryAfterSeconds: number) {
  return { status: 429, headers: new HeaderMap([["retry-after", String(Math.max(1, Math.ceil(retryAfterSeconds)))]]) };
}

export const refusalStatusPlugin: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        if (response.body.kind !== "single") return;
        const { data, errors } = response.body.singleResult;
        if (!errors?.length || !errors.every((error) => REFUSALS.has(error.extensions?.code))) return;
        const refusedWhole =
          data == null ||
          Object.entries(data).every(
            ([key, value]) => value === null && errors.some((error) => error.path?.length === 1 && error.path[0] === key),
          );
        if (!refusedWhole) return;
        const codes = new Set(errors.map((error) => error.extensions?.code));
        if (codes.has(ErrorCode.UNAUTHENTICATED)) {
          response.http.status = 401;
        } else if (codes.has(ErrorCode.RATE_LIMITED)) {
          const waits = errors.map((error) => Number(error.extensions?.retryAfterSeconds) || 1);
          const head = rateLimitedHead(Math.max(...waits));
          response.http.status = head.status;
          for (const [name, value] of head.headers) response.http.headers.set(name, value);
        } else {
          response.http.status = 403;
        }
      },
    };
  },
};
