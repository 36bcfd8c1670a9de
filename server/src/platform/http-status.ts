// An operation refused as a whole answers 401 (who are you?) or 403 (not you), per the contract.
import type { ApolloServerPlugin } from "@apollo/server";
import { ErrorCode } from "./errors.ts";

const REFUSALS = new Set<unknown>([ErrorCode.UNAUTHENTICATED, ErrorCode.FORBIDDEN]);

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
        const unauthenticated = errors.some((error) => error.extensions?.code === ErrorCode.UNAUTHENTICATED);
        response.http.status = unauthenticated ? 401 : 403;
      },
    };
  },
};
