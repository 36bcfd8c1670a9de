// Anonymous visitors' answers to public queries (the catalog, course pages) are kept in memory
// and shared until the data they show changes (the data change feed) or `seconds` pass, and are
// marked `Cache-Control: public` for browsers and CDNs. Signed-in viewers and API keys always
// get a fresh answer: theirs may hold what only they may see.
import { HeaderMap, type ApolloServerPlugin } from "@apollo/server";
import { LRUCache } from "lru-cache";
import type { Context } from "./context.ts";
import type { DataChangeFeed } from "./data-change-feed.ts";
import type { PublicOperationCheck } from "./public-operation.ts";

export interface PublicResponseCacheOptions {
  feed: DataChangeFeed;
  isPublicOperation: PublicOperationCheck;
  /** How long an answer may be reused at most; also its Cache-Control max-age. */
  seconds: number;
  /** Memory the kept answers may take, estimated from their JSON. */
  maxBytes: number;
}

interface Entry {
  data: Record<string, unknown>;
  storedAt: number;
}

/** Answers to longer variable sets are not kept: they make poor keys and rare hits. */
const MAX_VARIABLES_CHARS = 2_000;

export function publicResponseCache({ feed, isPublicOperation, seconds, maxBytes }: PublicResponseCacheOptions): ApolloServerPlugin<Context> {
  const entries = new LRUCache<string, Entry>({ maxSize: maxBytes, ttl: seconds * 1000 });
  let entriesRevision = feed.revision;
  const dropChanged = () => {
    if (feed.revision === entriesRevision) return;
    entries.clear();
    entriesRevision = feed.revision;
  };

  return {
    async requestDidStart() {
      let key: string | undefined;
      let revisionAtStart = 0;
      let hit: Entry | undefined;
      return {
        async responseForOperation({ contextValue, document, operationName, queryHash, request }) {
          if (contextValue.viewer || !feed.live || !isPublicOperation(document, operationName)) return null;
          const variables = JSON.stringify(request.variables ?? {});
          if (variables.length > MAX_VARIABLES_CHARS) return null;
          key = `${queryHash}\n${operationName ?? ""}\n${variables}`;
          revisionAtStart = feed.revision;
          dropChanged();
          hit = entries.get(key);
          if (!hit) return null;
          return { http: { status: undefined, headers: new HeaderMap() }, body: { kind: "single", singleResult: { data: hit.data } } };
        },
        async willSendResponse({ response }) {
          if (!key || response.body.kind !== "single") return;
          const { data, errors } = response.body.singleResult;
          if (errors || !data) return;
          const ageSeconds = hit ? Math.floor((Date.now() - hit.storedAt) / 1000) : 0;
          response.http.headers.set("cache-control", `public, max-age=${Math.max(0, seconds - ageSeconds)}`);
          // A shared cache must not hand this anonymous answer to a request that carries credentials.
          response.http.headers.set("vary", "authorization");
          if (hit || !feed.live || feed.revision !== revisionAtStart) return;
          dropChanged();
          // Strings take two bytes a character in V8; the objects' overhead is left out of the estimate.
          entries.set(key, { data, storedAt: Date.now() }, { size: JSON.stringify(data).length * 2 });
        },
      };
    },
  };
}
