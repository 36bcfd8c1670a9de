// Anonymous visitors' answers to public queries (the catalog, course pages) are kept in memory
// and shared until the data they show changes (the data change feed) or `seconds` pass, and are
// marked `Cache-Control: public` for browsers and CDNs.
//
// A signed-in viewer sees a course as an anonymous visitor does unless they teach it, are enrolled
// in it or are an admin (Module.viewerScopes names those scopes). So a signed-in request, read and
// checked like any other (its session, its role), is given a kept answer that shows none of its
// viewer's own scopes, and its own answer is kept when it showed none of them either; they get
// no public Cache-Control. API keys always get a fresh answer: the shield checks their scopes
// field by field.
//
// An answer records the scopes of the objects it showed (Module.publicScopes: `course:<id>`,
// `courses` for a catalog list, ...), and a change drops only the answers that showed one of the
// scopes its notification names. A notification that names none (or cannot be read), a
// reconnection of the feed and an answer whose root field showed no scope drop or depend on
// everything: when in doubt, an answer is dropped rather than served stale.
import { HeaderMap, type ApolloServerPlugin } from "@apollo/server";
import { getNamedType } from "graphql";
import { LRUCache } from "lru-cache";
import type { Context } from "./context.ts";
import type { DataChangeFeed } from "./data-change-feed.ts";
import type { PublicOperationCheck } from "./public-operation.ts";

/**
 * The scope an object of a public type is shown in, from the value its resolver returned (the
 * row): the tag the watched tables' triggers name when that row, or one shown with it, changes.
 */
export type PublicScope = (object: never) => string;

/**
 * The public scopes in which a signed-in viewer's answers may differ from an anonymous visitor's;
 * undefined when they may in any (an admin).
 */
export type ViewerScopes = (context: Context) => Promise<ReadonlySet<string> | undefined>;

export interface PublicResponseCacheOptions {
  feed: DataChangeFeed;
  viewerScopes: ViewerScopes;
  isPublicOperation: PublicOperationCheck;
  /** By GraphQL type name. */
  scopes: ReadonlyMap<string, PublicScope>;
  /** How long an answer may be reused at most; also its Cache-Control max-age. */
  seconds: number;
  /** Memory the kept answers may take, estimated from their JSON. */
  maxBytes: number;
}

interface Entry {
  data: Record<string, unknown>;
  storedAt: number;
  /** The scopes the answer showed; undefined when it may show anything. */
  scopes: ReadonlySet<string> | undefined;
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

/** The scopes a notification names; undefined when it names none or cannot be read (anything may have changed). */
function scopesOf(payload: string): readonly string[] | undefined {
  try {
    const { scopes } = JSON.parse(payload) as { scopes?: unknown };
    return Array.isArray(scopes) && scopes.every((scope) => typeof scope === "string") ? scopes : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether a viewer is answered as an anonymous visitor was: an anonymous one (no own scopes) always;
 * a signed-in one when the answer shows none of their own scopes (undefined: all are theirs).
 */
function isSharedWith(entry: Entry, ownScopes: ReadonlySet<string> | undefined | "anonymous"): boolean {
  if (ownScopes === "anonymous") return true;
  return ownScopes !== undefined && entry.scopes !== undefined && ![...entry.scopes].some((scope) => ownScopes.has(scope));
}

/** Whether an answer may show some of what changed; `changed` undefined: anything may have. */
function showsAny(entry: Entry, changed: ReadonlySet<string> | undefined): boolean {
  if (!changed) return true;
  if (changed.size === 0) return false;
  return !entry.scopes || [...entry.scopes].some((scope) => changed.has(scope));
}

export function publicResponseCache({ feed, viewerScopes, isPublicOperation, scopes, seconds, maxBytes }: PublicResponseCacheOptions): ApolloServerPlugin<Context> {
  const entries = new LRUCache<string, Entry>({ maxSize: maxBytes, ttl: seconds * 1000 });
  const executions = new Map<string, Execution>();
  let entriesRevision = feed.revision;

  /** The scopes changed since `revision`; undefined when anything may have changed. */
  function changedSince(revision: number): Set<string> | undefined {
    const payloads = feed.changesSince(revision);
    if (!payloads) return undefined;
    const changed = new Set<string>();
    for (const payload of payloads) {
      const named = scopesOf(payload);
      if (!named) return undefined;
      for (const scope of named) changed.add(scope);
    }
    return changed;
  }

  const dropChanged = () => {
    if (feed.revision === entriesRevision) return;
    const changed = changedSince(entriesRevision);
    entriesRevision = feed.revision;
    if (!changed) return entries.clear();
    const dropped = [...entries.entries()].filter(([, entry]) => showsAny(entry, changed)).map(([key]) => key);
    for (const key of dropped) entries.delete(key);
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
    // What changed while it executed may or may not show in the answer.
    if (!entry || !feed.live || showsAny(entry, changedSince(execution.revision))) return;
    dropChanged();
    // Strings take two bytes a character in V8; the objects' overhead is left out of the estimate.
    entries.set(key, entry, { size: JSON.stringify(entry.data).length * 2 });
  }

  return {
    async requestDidStart() {
      let key: string | undefined;
      let hit: Entry | undefined;
      let leading: Execution | undefined;
      /** The viewer's own scopes, read before executing. */
      let ownScopes: ReadonlySet<string> | undefined | "anonymous" = "anonymous";
      const shown = new Set<string>();
      let showsEverything = false;
      return {
        async responseForOperation({ contextValue, document, operationName, queryHash, request }) {
          const viewer = contextValue.viewer;
          if (viewer?.apiKey || !feed.live || !isPublicOperation(document, operationName)) return null;
          const variables = JSON.stringify(request.variables ?? {});
          if (variables.length > MAX_VARIABLES_CHARS) return null;
          if (viewer) {
            ownScopes = await viewerScopes(contextValue);
            if (!ownScopes) return null;
          }
          key = `${queryHash}\n${operationName ?? ""}\n${variables}`;
          const revision = feed.revision;
          dropChanged();
          let entry = entries.get(key);
          if (!entry) {
            const running = executions.get(key);
            if (running?.revision === revision) entry = await follow(running);
            else leading = startExecution(key, revision);
          }
          if (!entry || !isSharedWith(entry, ownScopes)) return null;
          hit = entry;
          return { http: { status: undefined, headers: new HeaderMap() }, body: { kind: "single", singleResult: { data: hit.data } } };
        },
        async executionDidStart() {
          if (!leading) return;
          return {
            willResolveField({ info }) {
              const isRoot = info.parentType === info.schema.getQueryType();
              const scopeOf = scopes.get(getNamedType(info.returnType).name);
              if (!isRoot && !scopeOf) return;
              return (error, result) => {
                const objects = [result].flat(Infinity).filter((object) => object != null);
                // A root field without a scope (or with nothing to show) may show anything later: a course not yet published.
                if (isRoot && (!scopeOf || objects.length === 0)) showsEverything = true;
                if (scopeOf && !error) for (const object of objects) shown.add(scopeOf(object as never));
              };
            },
          };
        },
        async willSendResponse({ contextValue, response }) {
          if (!key) return;
          const result = response.body.kind === "single" ? response.body.singleResult : undefined;
          const answered =
            result && !result.errors && result.data
              ? { data: result.data, storedAt: Date.now(), scopes: showsEverything ? undefined : shown }
              : undefined;
          if (leading) finish(key, leading, answered && (await isAnonymousAnswer(contextValue, answered)) ? answered : undefined);
          if (!answered || contextValue.viewer) return;
          const ageSeconds = hit ? Math.floor((Date.now() - hit.storedAt) / 1000) : 0;
          response.http.headers.set("cache-control", `public, max-age=${Math.max(0, seconds - ageSeconds)}`);
          // A shared cache must not hand this anonymous answer to a request that carries credentials.
          response.http.headers.set("vary", "authorization");
        },
      };

      /**
       * Whether this request's answer is the one an anonymous visitor would have had. A viewer's
       * scopes read again afterwards catch an enrollment committed while it executed, which the
       * data change feed does not announce.
       */
      async function isAnonymousAnswer(context: Context, answer: Entry): Promise<boolean> {
        if (ownScopes === "anonymous") return true;
        return isSharedWith(answer, ownScopes) && isSharedWith(answer, await viewerScopes(context));
      }
    },
  };
}
