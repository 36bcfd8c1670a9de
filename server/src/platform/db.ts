// The Prisma client over node-postgres (Prisma's Rust-free client with the pg driver adapter).
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
 * The node-postgres pool under the Prisma client, for a hot statement with a large parameter:
 * Prisma's client passes every statement through its query compiler, which for 20 KB of JSON costs
 * about 1.1 ms of the server's time against 0.1 ms straight through node-postgres (measured on
 * trackEvents' insert). Statements sent here are not among Prisma's query events.
 */
export function poolUnder(db: Database): pg.Pool {
  const pool = poolsUnder.get(db);
  if (!pool) throw new Error("this Prisma client was not made by createDatabase");
  return pool;
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
