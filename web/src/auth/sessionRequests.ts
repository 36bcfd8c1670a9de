import type { DocumentNode } from "graphql";
import { persistedRequestBody } from "../apollo/persistedDocuments";
import {
  RefreshSessionDocument,
  SignOutDocument,
  type SessionPayloadFragment,
} from "../gql/graphql";

// These two calls bypass Apollo Client on purpose: they run inside the token
// refresh itself, where going through the auth links would recurse.

const TRANSIENT_CODES = new Set(["INTERNAL_SERVER_ERROR", "RATE_LIMITED"]);

export class TransientSessionError extends Error {
  override name = "TransientSessionError";
}

interface GraphQLResponse<TData> {
  data?: TData | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

async function postOperation<TData>(
  document: DocumentNode,
  variables: Record<string, unknown>,
  accessToken?: string,
): Promise<{ status: number; body: GraphQLResponse<TData> | null }> {
  let response: Response;
  try {
    response = await fetch("/graphql", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "application/graphql-response+json, application/json",
        ...(accessToken ? { authorization: `Bearer ${accessToken}` } : {}),
      },
      body: persistedRequestBody(document, variables),
    });
  } catch (cause) {
    throw new TransientSessionError("The server could not be reached.", { cause });
  }
  const body = (await response.json().catch(() => null)) as GraphQLResponse<TData> | null;
  return { status: response.status, body };
}

/**
 * Trades a refresh token for a new session. Resolves to null when the server
 * refuses the token for good (expired, revoked or already used); throws
 * TransientSessionError when it could not answer, so the token is kept.
 */
export async function exchangeRefreshToken(
  refreshToken: string,
): Promise<SessionPayloadFragment | null> {
  const { status, body } = await postOperation<{ refreshSession: SessionPayloadFragment }>(
    RefreshSessionDocument,
    { refreshToken },
  );
  const payload = body?.data?.refreshSession;
  if (payload) return payload;
  const code = body?.errors?.[0]?.extensions?.code;
  if (status >= 500 || !body || (code !== undefined && TRANSIENT_CODES.has(code))) {
    throw new TransientSessionError(`Session refresh failed (HTTP ${status}, ${code ?? "no code"}).`);
  }
  return null;
}

/** Best effort: the local sign-out must not depend on the server answering. */
export async function revokeRefreshToken(
  refreshToken: string,
  accessToken: string | null,
): Promise<void> {
  await postOperation(SignOutDocument, { refreshToken }, accessToken ?? undefined).catch(
    () => undefined,
  );
}
