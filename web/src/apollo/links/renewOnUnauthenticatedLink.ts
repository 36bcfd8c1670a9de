import { ApolloLink } from "@apollo/client/link";
import { catchError, from, mergeMap, of, throwError, type Observable } from "rxjs";
import { renewAfterRejection } from "../../auth/session";
import { errorCodeOf } from "../apiErrors";
import { SENT_ACCESS_TOKEN } from "./authorizationLink";

function isUnauthenticatedResult(result: ApolloLink.Result): boolean {
  return (
    "errors" in result &&
    (result.errors ?? []).some((error) => error.extensions?.code === "UNAUTHENTICATED")
  );
}

/**
 * An expired or revoked access token makes the server refuse the whole
 * operation with UNAUTHENTICATED. Renew the session (shared with any other
 * request doing the same) and send the operation once more; if the session
 * cannot be renewed, the original refusal goes through, and the session layer
 * has already signed the user out.
 *
 * Must sit before authorizationLink, so the retry picks up the new token.
 */
export const renewOnUnauthenticatedLink = new ApolloLink((operation, forward) => {
  let retried = false;
  const renewThenRetry = (
    refusal: Observable<ApolloLink.Result>,
  ): Observable<ApolloLink.Result> => {
    if (retried) return refusal;
    retried = true;
    const rejectedToken = (operation.getContext()[SENT_ACCESS_TOKEN] as string | null) ?? null;
    return from(renewAfterRejection(rejectedToken)).pipe(
      mergeMap((renewed) => (renewed ? forward(operation) : refusal)),
    );
  };

  return forward(operation).pipe(
    catchError((error: unknown) =>
      errorCodeOf(error) === "UNAUTHENTICATED"
        ? renewThenRetry(throwError(() => error))
        : throwError(() => error),
    ),
    mergeMap((result) => {
      if (isUnauthenticatedResult(result)) return renewThenRetry(of(result));
      // A subscription lives longer than one token: once it delivers again, a later expiry may renew again.
      retried = false;
      return of(result);
    }),
  );
});
