// Relay cursor connections, shared by every list that can grow.
import { createHmac, timingSafeEqual } from "node:crypto";
import { ArgsType, Field, Int, ObjectType, type ClassType } from "type-graphql";
import type { Config } from "./config.ts";
import type { Context } from "./context.ts";
import { badInput } from "./errors.ts";
import { fieldCoordinates } from "./module.ts";

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

@ObjectType()
export class PageInfo {
  @Field() hasNextPage!: boolean;
  @Field() hasPreviousPage!: boolean;
  @Field(() => String, { nullable: true }) startCursor!: string | null;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true }) first?: number | null;
  @Field(() => String, { nullable: true }) after?: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Connection<T> {
  edges: Edge<T>[];
  nodes: T[];
  pageInfo: PageInfo;
  /** A lazy getter, so the count query runs only when a client asks for totalCount. */
  readonly totalCount: Promise<number>;
}

/** Builds the `XConnection` and `XEdge` object types for a node type. */
export function ConnectionType<T extends object>(nodeType: ClassType<T>, name = nodeType.name) {
  @ObjectType(`${name}Edge`)
  class EdgeType {
    @Field() cursor!: string;
    @Field(() => nodeType) node!: T;
  }

  @ObjectType(`${name}Connection`)
  class ConnectionObject {
    @Field(() => [EdgeType]) edges!: EdgeType[];
    @Field(() => [nodeType]) nodes!: T[];
    @Field(() => PageInfo) pageInfo!: PageInfo;
    @Field(() => Int) totalCount!: number;
  }
  return ConnectionObject;
}

/** The coordinates of a connection's own fields, for Module.publicFields: they show only what their nodes show. */
export function connectionFieldCoordinates(name: string): string[] {
  return [
    ...fieldCoordinates(`${name}Connection`, ["edges", "nodes", "pageInfo", "totalCount"]),
    ...fieldCoordinates(`${name}Edge`, ["cursor", "node"]),
    ...fieldCoordinates("PageInfo", ["hasNextPage", "hasPreviousPage", "startCursor", "endCursor"]),
  ];
}

export type CursorValues = (string | number | boolean | null)[];

export interface PageWindow {
  /** Rows to show; fetch one more to learn whether a next page exists. */
  limit: number;
  /** The sort-key values of the last row of the previous page. */
  after: CursorValues | null;
  /** Signs the cursors of the page's rows for the same list. */
  encodeCursor(values: CursorValues): string;
}

const MAX_CURSOR_LENGTH = 1024;
const SIGNATURE_BYTES = 16;
const cursorKeys = new WeakMap<Config, Buffer>();

/** A key of its own, derived from the token secret, so a cursor's signature never passes for anything else. */
function cursorKey(config: Config): Buffer {
  let key = cursorKeys.get(config);
  if (!key) cursorKeys.set(config, (key = createHmac("sha256", config.jwtSecret).update("pagination-cursor-signing").digest()));
  return key;
}

function signature(key: Buffer, list: string, payload: string): Buffer {
  return createHmac("sha256", key).update(`${list}\n${payload}`).digest().subarray(0, SIGNATURE_BYTES);
}

/**
 * Cursors are the sort-key values of a row, signed for the list they page through: the values
 * go into SQL as they are, so only cursors this server handed out for that list (and ordering)
 * are accepted, and a forged or edited one is bad input instead of a database error.
 */
function cursorCodec(config: Config, list: string) {
  const key = cursorKey(config);
  return {
    encode(values: CursorValues): string {
      const payload = Buffer.from(JSON.stringify(values), "utf8").toString("base64url");
      return `${payload}.${signature(key, list, payload).toString("base64url")}`;
    },
    decode(cursor: string): CursorValues {
      const [payload, signed, ...rest] = cursor.split(".");
      const given = Buffer.from(signed ?? "", "base64url");
      const expected = signature(key, list, payload);
      if (rest.length > 0 || given.length !== expected.length || !timingSafeEqual(given, expected)) {
        throw badInput({ after: "is not a valid cursor" });
      }
      return JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as CursorValues;
    },
  };
}

/**
 * The page a client asks for. `list` names the list and its ordering (say "catalog:PRICE"):
 * a cursor is accepted only by the list that made it, whose rows have the same sort keys.
 */
export function pageWindow(context: Pick<Context, "config">, args: PageArgs, list: string): PageWindow {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw badInput({ first: `must be between 0 and ${MAX_PAGE_SIZE}` });
  }
  const codec = cursorCodec(context.config, list);
  if (args.after == null) return { limit: first, after: null, encodeCursor: codec.encode };
  if (args.after.length > MAX_CURSOR_LENGTH) throw badInput({ after: "is not a valid cursor" });
  return { limit: first, after: codec.decode(args.after), encodeCursor: codec.encode };
}

/**
 * Shapes rows fetched with `take: window.limit + 1` into a connection.
 * `cursorOf` returns the row's sort-key values, the same ones the query orders by.
 */
export function toConnection<T>(
  rows: T[],
  window: PageWindow,
  cursorOf: (row: T) => CursorValues,
  countAll: () => Promise<number>,
): Connection<T> {
  const hasNextPage = rows.length > window.limit;
  const nodes = hasNextPage ? rows.slice(0, window.limit) : rows;
  const edges = nodes.map((node) => ({ cursor: window.encodeCursor(cursorOf(node)), node }));
  let count: Promise<number> | undefined;
  return {
    edges,
    nodes,
    pageInfo: {
      hasNextPage,
      hasPreviousPage: window.after !== null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    // A getter, not a method: type-graphql's field resolvers read properties without calling them.
    get totalCount() {
      return (count ??= countAll());
    },
  };
}
