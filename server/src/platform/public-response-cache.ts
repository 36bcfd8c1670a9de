// Answers to queries whose data is all notified on the data change feed are kept in memory until
// the data they show changes or `seconds` pass.
//
// Anonymous visitors' answers to public queries (the catalog, course pages) are shared and marked
// `Cache-Control: public` for browsers and CDNs.
//
// A signed-in viewer sees a course as an anonymous visitor does unless they teach it, are enrolled
// in it or are an admin (Module.viewerScopes names those scopes). So a signed-in request, read and
// checked like any other (its session, its role), is given a kept answer that shows none of its
// viewer's own scopes, and its own answer is kept when it showed none of them either; they get
// no public Cache-Control. API keys always get a fresh answer: the shield checks their scopes
// field by field.
//
// A person's answers to queries that use fields only people with rights see (Module.ownFields: a
// course team's analytics) are kept for that person alone, under their id and current role, and
// given to them again while their own scopes among what it showed are the same (still on the
// course's team) and nothing it showed has changed.
//
// An answer records the scopes of the objects it showed (Module.publicScopes: `course:<id>`,
// `courses` for a catalog list, ...), and a change drops only the answers that showed one of the
// scopes its notification names. A notification that names none (or cannot be read), a
// reconnection of the feed and an answer whose root field showed no scope drop or depend on
// everything: when in doubt, an answer is dropped rather than served stale. An object may also
// say until when it holds whatever changes (a range relative to today).
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
export type PublicScope = (object: never) => string | ShownScopes;

/** Several scopes an object is shown in, and when it stops holding whatever changes (ms since the epoch). */
export interface ShownScopes {
  scopes: readonly string[];
  validUntil?: number;
}

/**
 * The public scopes in which a signed-in viewer's answers may differ from an anonymous visitor's;
 * undefined when they may in any (an admin).
 */
export type ViewerScopes = (context: Context) => Promise<ReadonlySet<string> | undefined>;

/** A signed-in viewer's own scopes; "all" for an admin. */
type OwnScopes = ReadonlySet<string> | "all";

export interface PublicResponseCacheOptions {
  feed: DataChangeFeed;
  viewerScopes: ViewerScopes;
  isPublicOperation: PublicOperationCheck;
  /** Whether a query is made only of fields whose answers are kept per person (Module.ownFields); public queries are not. */
  isOwnOperation: PublicOperationCheck;
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
  /** When it stops holding, whatever the feed says. */
  validUntil: number;
  /** A person's own answer: their own scopes among those it showed when it was made. */
  ownShown?: OwnScopes;
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
function isSharedWith(entry: Entry, ownScopes: OwnScopes | "anonymous"): boolean {
  if (ownScopes === "anonymous") return true;
  return ownScopes !== "all" && entry.scopes !== undefined && ![...entry.scopes].some((scope) => ownScopes.has(scope));
}

/** A viewer's own scopes among those an answer showed (all of them when it may show anything). */
function ownShownBy(scopes: ReadonlySet<string> | undefined, ownScopes: OwnScopes): OwnScopes {
  if (ownScopes === "all" || !scopes) return ownScopes;
  return new Set([...scopes].filter((scope) => ownScopes.has(scope)));
}

function sameOwnScopes(one: OwnScopes, other: OwnScopes): boolean {
  if (one === "all" || other === "all") return one === other;
  return one.size === other.size && [...one].every((scope) => other.has(scope));
}

/** Whether a person's kept answer may be given to them again: their own scopes among those it showed are as they were. */
function isOwnAnswerOf(entry: Entry, ownScopes: OwnScopes | "anonymous"): boolean {
  return ownScopes !== "anonymous" && !!entry.ownShown && sameOwnScopes(entry.ownShown, ownShownBy(entry.scopes, ownScopes));
}

const ownScopesOf = async (viewerScopes: ViewerScopes, context: Context): Promise<OwnScopes> => (await viewerScopes(context)) ?? "all";

/** Whether an answer may show some of what changed; `changed` undefined: anything may have. */
function showsAny(entry: Entry, changed: ReadonlySet<string> | undefined): boolean {
  if (!changed) return true;
  if (changed.size === 0) return false;
  return !entry.scopes || [...entry.scopes].some((scope) => changed.has(scope));
}

export function publicResponseCache({ feed, viewerScopes, isPublicOperation, isOwnOperation, scopes, seconds, maxBytes }: PublicResponseCacheOptions): ApolloServerPlugin<Context> {
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
    if (!entry || !feed.live || entry.validUntil <= Date.now() || showsAny(entry, changedSince(execution.revision))) return;
    dropChanged();
    // Strings take two bytes a character in V8; the objects' overhead is left out of the estimate.
    entries.set(key, entry, { size: JSON.stringify(entry.data).length * 2 });
  }

  /** A kept answer still in force (before its validUntil), after dropping what changed. */
  function keptAnswer(key: string): Entry | undefined {
    dropChanged();
    const entry = entries.get(key);
    if (entry && entry.validUntil <= Date.now()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  }

  return {
    async requestDidStart() {
      /**
       * The kept answer's key: for a public query the one shared with anonymous visitors, for a
       * signed-in person's query of own fields their own (`isOwn`).
       */
      let key: string | undefined;
      let isOwn = false;
      let hit: Entry | undefined;
      let leading: Execution | undefined;
      /** The viewer's own scopes, read before executing. */
      let ownScopes: OwnScopes | "anonymous" = "anonymous";
      const shown = new Set<string>();
      let showsEverything = false;
      let validUntil = Infinity;
      return {
        async responseForOperation({ contextValue, document, operationName, queryHash, request }) {
          const viewer = contextValue.viewer;
          if (viewer?.apiKey || !feed.live) return null;
          const isPublic = isPublicOperation(document, operationName);
          isOwn = !isPublic && !!viewer && isOwnOperation(document, operationName);
          if (!isPublic && !isOwn) return null;
          const variables = JSON.stringify(request.variables ?? {});
          if (variables.length > MAX_VARIABLES_CHARS) return null;
          if (viewer) ownScopes = await ownScopesOf(viewerScopes, contextValue);
          // An admin's answers to public queries may differ from anyone's, and are not theirs alone to keep.
          if (isPublic && ownScopes === "all") return null;
          const operationKey = `${queryHash}\n${operationName ?? ""}\n${variables}`;
          key = isOwn && viewer ? `${viewer.userId}\n${viewer.role}\n${operationKey}` : operationKey;
          const revision = feed.revision;
          let entry = keptAnswer(key);
          if (!entry) {
            // Identical requests (a person's, too: a dashboard's panels) wait for the first one's answer.
            const running = executions.get(key);
            if (running?.revision === revision) entry = await follow(running);
            else leading = startExecution(key, revision);
          }
          if (!entry || !(isOwn ? isOwnAnswerOf(entry, ownScopes) : isSharedWith(entry, ownScopes))) return null;
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
                if (!scopeOf || error) return;
                for (const object of objects) {
                  const scope = scopeOf(object as never);
                  if (typeof scope === "string") shown.add(scope);
                  else {
                    for (const each of scope.scopes) shown.add(each);
                    validUntil = Math.min(validUntil, scope.validUntil ?? Infinity);
                  }
                }
              };
            },
          };
        },
        async willSendResponse({ contextValue, response }) {
          if (!key) return;
          const result = response.body.kind === "single" ? response.body.singleResult : undefined;
          const answered: Entry | undefined =
            !hit && result && !result.errors && result.data
              ? { data: result.data, storedAt: Date.now(), scopes: showsEverything ? undefined : shown, validUntil }
              : undefined;
          if (leading) {
            const ownAfter = answered && ownScopes !== "anonymous" ? await ownScopesOf(viewerScopes, contextValue) : undefined;
            finish(key, leading, answered && (isOwn ? ownAnswer(answered, ownAfter) : isAnonymousAnswer(answered, ownAfter) ? answered : undefined));
          }
          if (contextValue.viewer || !result?.data || result.errors) return;
          const ageSeconds = hit ? Math.floor((Date.now() - hit.storedAt) / 1000) : 0;
          response.http.headers.set("cache-control", `public, max-age=${Math.max(0, seconds - ageSeconds)}`);
          // A shared cache must not hand this anonymous answer to a request that carries credentials.
          response.http.headers.set("vary", "authorization");
        },
      };

      /**
       * Whether this request's answer is the one an anonymous visitor would have had. A viewer's
       * scopes read again afterwards (`ownAfter`) catch an enrollment committed while it executed,
       * which the data change feed does not announce.
       */
      function isAnonymousAnswer(answer: Entry, ownAfter: OwnScopes | undefined): boolean {
        if (ownScopes === "anonymous") return true;
        return !!ownAfter && isSharedWith(answer, ownScopes) && isSharedWith(answer, ownAfter);
      }

      /**
       * The person's answer to keep for them, with their own scopes among those it showed: none when
       * these changed while it executed (an enrollment or a team change the feed may not announce).
       */
      function ownAnswer(answer: Entry, ownAfter: OwnScopes | undefined): Entry | undefined {
        if (ownScopes === "anonymous" || !ownAfter) return undefined;
        const ownShown = ownShownBy(answer.scopes, ownScopes);
        return sameOwnScopes(ownShown, ownShownBy(answer.scopes, ownAfter)) ? { ...answer, ownShown } : undefined;
      }
    },
  };
}
