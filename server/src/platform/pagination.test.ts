// Cursor pages read forward and backward over one list, with the same signed cursors, and the
// arguments refused naming themselves. The list is in memory: a service's query does the same
// with its sort keys (forward: keys after `after`, ascending; backward: keys before `before`, descending).
import type { GraphQLError } from "graphql";
import type { Config } from "./config.ts";
import { MAX_PAGE_SIZE, pageWindow, toConnection, type BidirectionalPageArgs, type Connection, type PageWindow } from "./pagination.ts";

const context = { config: { jwtSecret: "pagination-test-secret" } as Config };
const LIST = "test:numbers";
const ROWS = [1, 2, 3, 4, 5, 6, 7];

function fetchRows(window: PageWindow): number[] {
  const forward = window.direction === "forward";
  const ordered = forward ? ROWS : [...ROWS].reverse();
  const key = (forward ? window.after : window.before)?.[0] as number | undefined;
  const beyond = key === undefined ? ordered : ordered.filter((row) => (forward ? row > key : row < key));
  return beyond.slice(0, window.limit + 1);
}

function page(args: BidirectionalPageArgs, list = LIST): Connection<number> {
  const window = pageWindow(context, args, list);
  return toConnection(fetchRows(window), window, (row) => [row], async () => ROWS.length);
}

const shape = (connection: Connection<number>) => ({
  nodes: connection.nodes,
  hasPreviousPage: connection.pageInfo.hasPreviousPage,
  hasNextPage: connection.pageInfo.hasNextPage,
});

/** The refusal's fields, or a failure when nothing was refused. */
function refusal(args: BidirectionalPageArgs, list = LIST): Record<string, string> {
  try {
    page(args, list);
  } catch (error) {
    expect((error as GraphQLError).extensions.code).toBe("BAD_USER_INPUT");
    return (error as GraphQLError).extensions.fields as Record<string, string>;
  }
  throw new Error(`${JSON.stringify(args)} was not refused`);
}

it("reads forward from the start in pages, the edges in the list's order", () => {
  const first = page({ first: 3 });
  expect(shape(first)).toEqual({ nodes: [1, 2, 3], hasPreviousPage: false, hasNextPage: true });
  const second = page({ first: 3, after: first.pageInfo.endCursor });
  expect(shape(second)).toEqual({ nodes: [4, 5, 6], hasPreviousPage: true, hasNextPage: true });
  expect(shape(page({ first: 3, after: second.pageInfo.endCursor }))).toEqual({ nodes: [7], hasPreviousPage: true, hasNextPage: false });
});

it("reads backward from the end in pages, each page still in the list's order", () => {
  const latest = page({ last: 3 });
  expect(shape(latest)).toEqual({ nodes: [5, 6, 7], hasPreviousPage: true, hasNextPage: false });
  expect(latest.edges.map((edge) => edge.node)).toEqual([5, 6, 7]);
  const earlier = page({ last: 3, before: latest.pageInfo.startCursor });
  expect(shape(earlier)).toEqual({ nodes: [2, 3, 4], hasPreviousPage: true, hasNextPage: true });
  const earliest = page({ last: 3, before: earlier.pageInfo.startCursor });
  expect(shape(earliest)).toEqual({ nodes: [1], hasPreviousPage: false, hasNextPage: true });
  expect(earliest.pageInfo.startCursor).toBe(earliest.pageInfo.endCursor);
});

it("reads backward with the default page size when only before is given", () => {
  const fromSix = page({ first: 6 }).edges[5].cursor;
  expect(page({ before: fromSix }).nodes).toEqual([1, 2, 3, 4, 5]);
});

it("gives a row the same cursor in both directions, so either direction continues from it", () => {
  const forwardCursors = page({ first: 7 }).edges.map((edge) => edge.cursor);
  const backwardCursors = page({ last: 7 }).edges.map((edge) => edge.cursor);
  expect(backwardCursors).toEqual(forwardCursors);
  const middle = page({ last: 3 }).pageInfo.startCursor;
  expect(page({ first: 2, after: middle }).nodes).toEqual([6, 7]);
  expect(page({ last: 2, before: middle }).nodes).toEqual([3, 4]);
});

it("answers an empty page at either end without cursors", () => {
  const last = page({ last: 3 });
  const beyond = page({ first: 3, after: last.pageInfo.endCursor });
  expect(beyond.pageInfo).toEqual({ hasPreviousPage: true, hasNextPage: false, startCursor: null, endCursor: null });
  const none = page({ last: 0 });
  expect(shape(none)).toEqual({ nodes: [], hasPreviousPage: true, hasNextPage: false });
});

describe("refusals name their argument", () => {
  const cursor = () => page({ first: 1 }).pageInfo.endCursor!;

  it.each([
    ["after", "x"],
    ["before", "x"],
    ["after", "eyJ4IjoxfQ.AAAAAAAAAAAAAAAAAAAAAA"],
    ["before", "eyJ4IjoxfQ.AAAAAAAAAAAAAAAAAAAAAA"],
    ["before", "a".repeat(5000)],
  ])("a forged or malformed %s cursor (%#)", (argument, value) => {
    expect(refusal({ [argument]: value })).toEqual({ [argument]: "is not a valid cursor" });
  });

  it("an edited cursor: its payload changed under the same signature", () => {
    const [, signed] = cursor().split(".");
    const edited = `${Buffer.from(JSON.stringify([999])).toString("base64url")}.${signed}`;
    expect(refusal({ before: edited })).toEqual({ before: "is not a valid cursor" });
  });

  it("a cursor of another list, in either direction", () => {
    expect(refusal({ after: cursor() }, "test:other")).toEqual({ after: "is not a valid cursor" });
    expect(refusal({ before: cursor() }, "test:other")).toEqual({ before: "is not a valid cursor" });
  });

  it("first or after together with last or before", () => {
    expect(Object.keys(refusal({ first: 3, last: 3 })).sort()).toEqual(["first", "last"]);
    expect(Object.keys(refusal({ after: cursor(), before: cursor() })).sort()).toEqual(["after", "before"]);
    expect(Object.keys(refusal({ first: 2, before: cursor() })).sort()).toEqual(["before", "first"]);
    expect(refusal({ last: 2, after: cursor() })).toEqual({
      after: "cannot be combined with last or before: a page is read forward or backward",
      last: "cannot be combined with first or after: a page is read forward or backward",
    });
  });

  it.each([-1, MAX_PAGE_SIZE + 1, 2.5])("a page size of %s, as first or as last", (size) => {
    expect(refusal({ first: size })).toEqual({ first: `must be between 0 and ${MAX_PAGE_SIZE}` });
    expect(refusal({ last: size })).toEqual({ last: `must be between 0 and ${MAX_PAGE_SIZE}` });
  });
});

it("takes nulls as absent arguments", () => {
  expect(page({ first: null, after: null, last: 2, before: null }).nodes).toEqual([6, 7]);
  expect(page({ first: 2, after: null, last: null, before: null }).nodes).toEqual([1, 2]);
});
