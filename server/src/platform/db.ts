// The Prisma client over node-postgres (Prisma's Rust-free client with the pg driver adapter).
import { createHash } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { Prisma, PrismaClient } from "../generated/prisma/client.ts";

export { Prisma };
export type Database = PrismaClient<"query">;
/** What a service receives inside `db.$transaction(async (tx) => ...)`. */
export type Transaction = Parameters<Parameters<Database["$transaction"]>[0]>[0];

export interface DatabaseOptions {
  url: string;
  poolSize?: number;
  /** Emit an event per SQL statement (tests count them); it costs time on every query. */
  emitQueryEvents?: boolean;
}

/**
 * How long an interactive transaction waits for a connection, and may run. Prisma's defaults (2 s
 * and 5 s) turn a burst of load into internal errors for requests that would have succeeded a
 * moment later (seen on a loaded 2-core machine: sign-ups failing); waiting longer is the better
 * answer, and a transaction stuck for 30 s is still rolled back.
 */
const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 30_000 };

/**
 * PostgreSQL's JIT compiles a statement whose estimated cost is high, and estimates for set-returning
 * functions and temporary tables are guesses (1,000 rows a generate_series): the analytics rollups'
 * statements, which run in a few milliseconds, spent 350-550 ms each compiling. None of this
 * application's statements runs long enough to earn the compilation back.
 */
const SESSION_SETTINGS = "-c jit=off";

const poolsUnder = new WeakMap<Database, pg.Pool>();

export function createDatabase({ url, poolSize = 10, emitQueryEvents = false }: DatabaseOptions): Database {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, options: SESSION_SETTINGS });
  const adapter = new PrismaPg(pool, { disposeExternalPool: true });
  const db = new PrismaClient({
    adapter,
    transactionOptions: TRANSACTION_OPTIONS,
    log: emitQueryEvents ? [{ emit: "event", level: "query" }] : [],
  }) as Database;
  poolsUnder.set(db, pool);
  return db;
}

/**
 * The node-postgres pool under the Prisma client, for statements that skip Prisma's client (see
 * readRows and sendStatement, which tests see too): nothing else should send through it.
 */
export function poolUnder(db: Database): pg.Pool {
  const pool = poolsUnder.get(db);
  if (!pool) throw new Error("this Prisma client was not made by createDatabase");
  return pool;
}

const statementListeners = new WeakMap<Database, (text: string) => void>();

/** Hears every statement sent past Prisma's client (tests count statements with Prisma's query events and this). */
export function onStatementPastPrisma(db: Database, listener: (text: string) => void): void {
  statementListeners.set(db, listener);
}

/**
 * Types as Prisma's $queryRaw answers them, where node-postgres' defaults differ: int8 as bigint
 * (not a string), numeric as Decimal, a date as that day's UTC midnight (not local midnight), a
 * timestamp without time zone as UTC.
 */
const PRISMA_RAW_TYPES = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    switch (oid) {
      case pg.types.builtins.INT8:
        return (value: string) => BigInt(value);
      case pg.types.builtins.NUMERIC:
        return (value: string) => new Prisma.Decimal(value);
      case pg.types.builtins.DATE:
        return (value: string) => new Date(`${value}T00:00:00Z`);
      case pg.types.builtins.TIMESTAMP:
        return (value: string) => new Date(`${value.replace(" ", "T")}Z`);
      default:
        return pg.types.getTypeParser(oid, format);
    }
  },
} as pg.CustomTypesConfig;

/**
 * Sends one statement straight through node-postgres. Prisma's client passes every statement,
 * raw ones included, through its query compiler: about 300 µs of the server's time per statement
 * against 50-70 µs here (measured on this machine), and 1.1 ms against 0.1 ms for trackEvents'
 * 20 KB JSON parameter. For the statements every request makes; elsewhere Prisma's client is the way.
 */
export async function sendStatement<Row extends object>(db: Database, text: string, values: unknown[]): Promise<Row[]> {
  statementListeners.get(db)?.(text);
  const { rows } = await poolUnder(db).query<Row>({ text, values, name: statementName(text), types: PRISMA_RAW_TYPES });
  return rows;
}

/** A read written like `$queryRaw`, answered with the same types, through sendStatement. */
export function readRows<Row extends object>(db: Database, query: Prisma.Sql): Promise<Row[]> {
  return sendStatement<Row>(db, query.text, query.values);
}

const statementNames = new Map<string, string>();

/**
 * Statements are prepared once per connection under a name made from their text, so PostgreSQL
 * parses them once rather than on every request. The texts are the code's own, so the map is bounded.
 */
function statementName(text: string): string {
  let name = statementNames.get(text);
  if (!name) {
    name = `s${createHash("sha1").update(text).digest("hex").slice(0, 20)}`;
    statementNames.set(text, name);
  }
  return name;
}

/** Every field of a row type, each with the column it is stored in. */
export type ColumnsOf<Row> = { readonly [Field in keyof Row]-?: string };

/**
 * `t.course_id AS "courseId", ...`: a select list for `$queryRaw` whose rows carry the model's
 * field names, so a raw read answers the same type as Prisma's. Raw reads skip Prisma's query
 * compiler, which compiles every model query anew (no plan cache in the 6.x client engine).
 */
export function selectList<Row>(columns: ColumnsOf<Row>, tableAlias: string): Prisma.Sql {
  const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
  const list = Object.entries<string>(columns).map(([field, column]) => `${quote(tableAlias)}.${quote(column)} AS ${quote(field)}`);
  return Prisma.raw(list.join(", "));
}

/** Prisma's error code for a violated unique constraint. */
export const UNIQUE_VIOLATION = "P2002";

export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === UNIQUE_VIOLATION;
}
