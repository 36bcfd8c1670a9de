// Trusted documents: the web client's operations, extracted at build time by GraphQL Code
// Generator's persisted documents (web/src/gql/persisted-documents.json, each document's text by
// the sha256 of it), which the client sends by hash (Apollo's persisted-query protocol, over HTTP
// and graphql-ws alike). With TRUSTED_DOCUMENTS_ONLY (meant for production) browsers may run only
// these, which cuts arbitrary-query abuse from them; partners' API keys still send any document
// their scopes allow. Without it, clients may also register documents of their own by hash
// (automatic persisted queries), kept in a bounded memory.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { InMemoryLRUCache, PrefixingKeyValueCache, type KeyValueCache } from "@apollo/utils.keyvaluecache";
import type { ApolloServerPlugin } from "@apollo/server";
import type { GraphQLError } from "graphql";
import type { Context, Viewer } from "./context.ts";
import { forbidden } from "./errors.ts";
import { REPOSITORY_ROOT } from "./paths.ts";

declare module "./errors.ts" {
  interface ErrorReasons {
    /** FORBIDDEN: only the web client's own operations run here for browsers (TRUSTED_DOCUMENTS_ONLY); API keys may send any. */
    UNTRUSTED_DOCUMENT: "platform";
  }
}

export const TRUSTED_DOCUMENTS_FILE = path.join(REPOSITORY_ROOT, "web/src/gql/persisted-documents.json");

/** Documents registered by clients when any document may run: enough for every client's operations, bounded against filling. */
const REGISTERED_DOCUMENTS_BYTES = 8 * 1024 * 1024;
/** The manifest's identifiers (GraphQL over HTTP's persisted documents) carry the algorithm; Apollo's protocol sends the hex alone. */
const SHA256_PREFIX = "sha256:";

export const documentHash = (text: string) => createHash("sha256").update(text).digest("hex");

export interface TrustedDocuments {
  /** For Apollo Server's `persistedQueries.cache`: the trusted documents, then those clients registered (unless trusted only). */
  cache: KeyValueCache<string>;
  /** Refuses an HTTP operation whose document may not run here, before it runs. */
  plugin: ApolloServerPlugin<Context>;
  /**
   * Over graphql-ws, which requires the text: the document to run (the trusted one its hash names,
   * else the text sent), or the refusal HTTP would give it.
   */
  documentToRun(viewer: Viewer | null, sent: { text: string; hash?: string }): string | GraphQLError;
}

/** Reads the manifest: each document's text by the hex sha256 of it, every one checked. */
export function readTrustedDocuments(file = TRUSTED_DOCUMENTS_FILE): Map<string, string> {
  const manifest = JSON.parse(readFileSync(file, "utf8")) as Record<string, string>;
  const documents = new Map<string, string>();
  for (const [identifier, text] of Object.entries(manifest)) {
    const hash = identifier.startsWith(SHA256_PREFIX) ? identifier.slice(SHA256_PREFIX.length) : identifier;
    if (documentHash(text) !== hash) throw new Error(`${file}: ${identifier} is not the sha256 of its document; run npm run codegen -w web`);
    documents.set(hash, text);
  }
  return documents;
}

export function trustedDocuments(documents: ReadonlyMap<string, string>, { only }: { only: boolean }): TrustedDocuments {
  const registered = new InMemoryLRUCache<string>({ maxSize: REGISTERED_DOCUMENTS_BYTES, sizeCalculation: (text) => text.length * 2 });
  const cache: KeyValueCache<string> = {
    async get(hash) {
      return documents.get(hash) ?? (only ? undefined : registered.get(hash));
    },
    async set(hash, text, options) {
      // Apollo checked that the hash is the text's; only trusted documents run when `only`.
      if (!only && !documents.has(hash)) await registered.set(hash, text, options);
    },
    async delete(hash) {
      return registered.delete(hash);
    },
  };
  const refusal = () =>
    forbidden("Only the web client's own operations run here; partners send theirs with an API key.", { reason: "UNTRUSTED_DOCUMENT" });
  /** Whether a document other than the trusted ones may run for this viewer. */
  const mayRunAny = (viewer: Viewer | null) => !only || !!viewer?.apiKey;
  return {
    // The cache is this server's alone: Apollo's "apq:" prefix would only hide the hashes.
    cache: PrefixingKeyValueCache.cacheDangerouslyDoesNotNeedPrefixesForIsolation(cache),
    plugin: {
      async requestDidStart() {
        return {
          // After parsing and validation, which the document store keeps per document, and before anything runs.
          async didResolveOperation({ contextValue, queryHash }) {
            if (!mayRunAny(contextValue.viewer) && !documents.has(queryHash)) throw refusal();
          },
        };
      },
    },
    documentToRun(viewer, { text, hash }) {
      const trusted = hash === undefined ? undefined : documents.get(hash);
      if (trusted !== undefined) return trusted;
      return mayRunAny(viewer) || documents.has(documentHash(text)) ? text : refusal();
    },
  };
}
