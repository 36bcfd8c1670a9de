// What every resolver receives: who is asking, the shared services, and request-scoped loaders.
import DataLoader from "dataloader";
import type { Role } from "../generated/prisma/enums.ts";
import type { Platform } from "./platform.ts";

export interface Viewer {
  userId: string;
  /** Read from the database on every request, never from a token. */
  role: Role;
  /** The signed-in session, when the request carries an access token. */
  sessionId?: string;
  /**
   * An admin seeing the site as this viewer, for support: the request reads what the viewer would
   * see and changes nothing (mutations are refused but the ones a module lets a support view run),
   * and its limits count against the admin.
   */
  supportView?: { id: string; adminId: string };
  /** The partner API key, when the request carries one: it may do at most its scopes. */
  apiKey?: {
    id: string;
    scopes: readonly string[];
    /** What it may read in the result of a mutation it was allowed to run: its scopes and the reads they imply. */
    resultScopes: readonly string[];
  };
}

export interface Context extends Platform {
  requestId: string;
  viewer: Viewer | null;
  ip: string;
  userAgent?: string;
  /** The request's DataLoader for a definition, created on first use. */
  loader<K, V>(definition: LoaderDefinition<K, V>): DataLoader<K, V, string>;
}

export interface LoaderDefinition<K, V> {
  name: string;
  /** Answers for every key, in the keys' order (null or an Error where there is none). */
  batch(context: Context, keys: readonly K[]): Promise<(V | Error)[]>;
  key?: (key: K) => string;
}

export function defineLoader<K, V>(
  name: string,
  batch: LoaderDefinition<K, V>["batch"],
  key?: (key: K) => string,
): LoaderDefinition<K, V> {
  return { name, batch, key };
}

/** Groups rows by a key in the order of `keys`, for batch functions that return lists. */
export function groupBy<K, R>(keys: readonly K[], rows: R[], keyOf: (row: R) => K): R[][] {
  const groups = new Map<K, R[]>(keys.map((key) => [key, []]));
  for (const row of rows) groups.get(keyOf(row))?.push(row);
  return keys.map((key) => groups.get(key) ?? []);
}

/** Picks one row per key in the order of `keys`, null where there is none. */
export function pickBy<K, R>(keys: readonly K[], rows: R[], keyOf: (row: R) => K): (R | null)[] {
  const byKey = new Map<K, R>(rows.map((row) => [keyOf(row), row]));
  return keys.map((key) => byKey.get(key) ?? null);
}

export interface RequestFacts {
  requestId: string;
  viewer: Viewer | null;
  ip: string;
  userAgent?: string;
}

export function createContext(platform: Platform, facts: RequestFacts): Context {
  const loaders = new Map<LoaderDefinition<unknown, unknown>, DataLoader<unknown, unknown, string>>();
  const context: Context = {
    ...platform,
    ...facts,
    // Every line a request's work logs carries its id, under the key of its request line.
    log: platform.log.child({ reqId: facts.requestId }),
    loader<K, V>(definition: LoaderDefinition<K, V>) {
      let loader = loaders.get(definition as LoaderDefinition<unknown, unknown>);
      if (!loader) {
        loader = new DataLoader<unknown, unknown, string>(
          (keys) => definition.batch(context, keys as K[]),
          { cacheKeyFn: (key) => (definition.key ? definition.key(key as K) : String(key)) },
        );
        loaders.set(definition as LoaderDefinition<unknown, unknown>, loader);
      }
      return loader as DataLoader<K, V, string>;
    },
  };
  return context;
}
