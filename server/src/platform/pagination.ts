// Relay cursor connections, shared by every list that can grow: read forward from the start
// (first/after), and for lists that offer it backward from the end (last/before).
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

/**
 * The arguments of a list that can also be read from its end, such as a conversation shown from
 * its latest entries with earlier ones loaded on demand. Its service fetches a backward window
 * (`direction: "backward"`) in the reverse of the list's order.
 */
@ArgsType()
export class BidirectionalPageArgs extends PageArgs {
  @Field(() => Int, { nullable: true, description: "The last n entries (of those before `before`); not with first or after." })
  last?: number | null;
  @Field(() => String, { nullable: true }) before?: string | null;
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
  /** Rows to show; fetch one more to learn whether another page exists in the direction read. */
  limit: number;
  /**
   * "forward": rows in the list's order from its start or after `after`. "backward": the rows
   * before `before` (or the list's last ones), fetched in the reverse of the list's order;
   * toConnection puts them back in the list's order.
   */
  direction: "forward" | "backward";
  /** The sort-key values of the last row of the previous page (forward). */
  after: CursorValues | null;
  /** The sort-key values of the first row of the next page (backward). */
  before: CursorValues | null;
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
    /** `argument` names the cursor's argument in the refusal. */
    decode(cursor: string, argument: string): CursorValues {
      const invalid = badInput({ [argument]: "is not a valid cursor" });
      if (cursor.length > MAX_CURSOR_LENGTH) throw invalid;
      const [payload, signed, ...rest] = cursor.split(".");
      const given = Buffer.from(signed ?? "", "base64url");
      const expected = signature(key, list, payload);
      if (rest.length > 0 || given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid;
      return JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as CursorValues;
    },
  };
}

function pageSize(value: number | null | undefined, argument: string): number {
  const size = value ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 0 || size > MAX_PAGE_SIZE) throw badInput({ [argument]: `must be between 0 and ${MAX_PAGE_SIZE}` });
  return size;
}

/**
 * The page a client asks for. `list` names the list and its ordering (say "catalog:PRICE"):
 * a cursor is accepted only by the list that made it, whose rows have the same sort keys. A
 * row's cursor is the same in both directions, so `before` takes any cursor `after` takes.
 */
export function pageWindow(context: Pick<Context, "config">, args: PageArgs | BidirectionalPageArgs, list: string): PageWindow {
  const { first, after, last, before } = args as BidirectionalPageArgs;
  const forward = Object.entries({ first, after }).filter(([, value]) => value != null);
  const backward = Object.entries({ last, before }).filter(([, value]) => value != null);
  if (forward.length > 0 && backward.length > 0) {
    throw badInput(
      Object.fromEntries([
        ...forward.map(([argument]) => [argument, "cannot be combined with last or before: a page is read forward or backward"]),
        ...backward.map(([argument]) => [argument, "cannot be combined with first or after: a page is read forward or backward"]),
      ]),
    );
  }
  const codec = cursorCodec(context.config, list);
  const window = { after: null, before: null, encodeCursor: codec.encode };
  if (backward.length > 0) {
    return { ...window, direction: "backward", limit: pageSize(last, "last"), before: before == null ? null : codec.decode(before, "before") };
  }
  return { ...window, direction: "forward", limit: pageSize(first, "first"), after: after == null ? null : codec.decode(after, "after") };
}

/**
 * Shapes rows fetched with `take: window.limit + 1` into a connection, in the list's order (a
 * backward window's rows, fetched in reverse, are turned back).
 * `cursorOf` returns the row's sort-key values, the same ones the query orders by.
 */
export function toConnection<T>(
  rows: T[],
  window: PageWindow,
  cursorOf: (row: T) => CursorValues,
  countAll: () => Promise<number>,
): Connection<T> {
  const hasMore = rows.length > window.limit;
  const fetched = hasMore ? rows.slice(0, window.limit) : rows;
  const backward = window.direction === "backward";
  const nodes = backward ? [...fetched].reverse() : fetched;
  const edges = nodes.map((node) => ({ cursor: window.encodeCursor(cursorOf(node)), node }));
  let count: Promise<number> | undefined;
  return {
    edges,
    nodes,
    pageInfo: {
      // Rows beyond the cursor a page was read from are there: that cursor's own row at least.
      hasNextPage: backward ? window.before !== null : hasMore,
      hasPreviousPage: backward ? hasMore : window.after !== null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    // A getter, not a method: type-graphql's field resolvers read properties without calling them.
    get totalCount() {
      return (count ??= countAll());
    },
  };
}
