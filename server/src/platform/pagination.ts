// Relay cursor connections, shared by every list that can grow.
import { ArgsType, Field, Int, ObjectType, type ClassType } from "type-graphql";
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
}

export function encodeCursor(values: CursorValues): string {
  return Buffer.from(JSON.stringify(values), "utf8").toString("base64url");
}

function decodeCursor(cursor: string): CursorValues {
  try {
    const values = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(values) && values.length > 0 && values.length <= 8) return values;
  } catch {
    // reported below as a bad cursor
  }
  throw badInput({ after: "is not a valid cursor" });
}

export function pageWindow(args: PageArgs, arity = 1): PageWindow {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw badInput({ first: `must be between 0 and ${MAX_PAGE_SIZE}` });
  }
  if (args.after == null) return { limit: first, after: null };
  if (args.after.length > 1024) throw badInput({ after: "is not a valid cursor" });
  const after = decodeCursor(args.after);
  if (after.length !== arity) throw badInput({ after: "is not a valid cursor" });
  return { limit: first, after };
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
  const edges = nodes.map((node) => ({ cursor: encodeCursor(cursorOf(node)), node }));
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
