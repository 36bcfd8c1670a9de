// The web client's operations travel by the hash GraphQL Code Generator computed at build time
// (codegen.ts): the server knows its documents by these hashes and, with TRUSTED_DOCUMENTS_ONLY,
// runs no others for a browser. Apollo's persisted-query protocol sends the hex of the sha256.
import type { DocumentNode } from "graphql";

const SHA256_PREFIX = "sha256:";

/** The hash codegen gave the document (its `__meta__`). */
export function documentHash(document: DocumentNode): string {
  const hash = (document as { __meta__?: { hash?: string } }).__meta__?.hash;
  if (!hash?.startsWith(SHA256_PREFIX)) throw new Error("Every operation must come from web/src/gql (npm run codegen -w web).");
  return hash.slice(SHA256_PREFIX.length);
}

/** The body of a request made outside Apollo Client (a token renewal, a `keepalive` beacon): the document by its hash alone. */
export function persistedRequestBody(document: DocumentNode, variables: Record<string, unknown>): string {
  return JSON.stringify({ variables, extensions: { persistedQuery: { version: 1, sha256Hash: documentHash(document) } } });
}
