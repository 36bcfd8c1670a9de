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
/** How long a request waits for an identical one already executing before executing itself. */
const FOLLOW_TIMEOUT_MS = 5_000;

/** A miss being executed: identical requests that arrive meanwhile wait for its answer (no stampede after a change). */
interface Execution {
  revision: number;
  answer: Promise<Entry | undefined>;
  settle(entry: Entry | undefined): void;
}

export function publicResponseCache({ feed, isPublicOperation, seconds, maxBytes }: PublicResponseCacheOptions): ApolloServerPlugin<Context> {
  const entries = new LRUCache<string, Entry>({ maxSize: maxBytes, ttl: seconds * 1000 });
  const executions = new Map<string, Execution>();
  let entriesRevision = feed.revision;
  const dropChanged = () => {
    if (feed.revision === entriesRevision) return;
    entries.clear();
    entriesRevision = feed.revision;
  };

  function startExecution(key: string, revision: number): Execution {
    let settle!: (entry: Entry | undefined) => void;
    const answer = new Promise<Entry | undefined>((resolve) => (settle = resolve));
    const execution = { revision, answer, settle };
    executions.set(key, execution);
    return execution;
  }

  function follow(execution: Execution): Promise<Entry | undefined> {
    const giveUp = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), FOLLOW_TIMEOUT_MS).unref());
    return Promise.race([execution.answer, giveUp]);
  }

  function finish(key: string, execution: Execution, entry: Entry | undefined): void {
    if (executions.get(key) === execution) executions.delete(key);
    execution.settle(entry);
    if (!entry || !feed.live || feed.revision !== execution.revision) return;
    dropChanged();
    // Strings take two bytes a character in V8; the objects' overhead is left out of the estimate.
    entries.set(key, entry, { size: JSON.stringify(entry.data).length * 2 });
  }

  return {
    async requestDidStart() {
      let key: string | undefined;
      let hit: Entry | undefined;
      let leading: Execution | undefined;
      return {
        async responseForOperation({ contextValue, document, operationName, queryHash, request }) {
          if (contextValue.viewer || !feed.live || !isPublicOperation(document, operationName)) return null;
          const variables = JSON.stringify(request.variables ?? {});
          if (variables.length > MAX_VARIABLES_CHARS) return null;
          key = `${queryHash}\n${operationName ?? ""}\n${variables}`;
          const revision = feed.revision;
          dropChanged();
          hit = entries.get(key);
          if (!hit) {
            const running = executions.get(key);
            if (running?.revision === revision) hit = await follow(running);
            else leading = startExecution(key, revision);
          }
          if (!hit) return null;
          return { http: { status: undefined, headers: new HeaderMap() }, body: { kind: "single", singleResult: { data: hit.data } } };
        },
        async willSendResponse({ response }) {
          if (!key) return;
          const result = response.body.kind === "single" ? response.body.singleResult : undefined;
          const answered = result && !result.errors && result.data ? { data: result.data, storedAt: Date.now() } : undefined;
          if (leading) finish(key, leading, answered);
          if (!answered) return;
          const ageSeconds = hit ? Math.floor((Date.now() - hit.storedAt) / 1000) : 0;
          response.http.headers.set("cache-control", `public, max-age=${Math.max(0, seconds - ageSeconds)}`);
          // A shared cache must not hand this anonymous answer to a request that carries credentials.
          response.http.headers.set("vary", "authorization");
        },
      };
    },
  };
}
