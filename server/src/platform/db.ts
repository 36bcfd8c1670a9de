// The Prisma client over node-postgres (Prisma's Rust-free client with the pg driver adapter).
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma/client.ts";

export { Prisma } from "../generated/prisma/client.ts";
export type Database = PrismaClient<"query">;
/** What a service receives inside `db.$transaction(async (tx) => ...)`. */
export type Transaction = Parameters<Parameters<Database["$transaction"]>[0]>[0];

export interface DatabaseOptions {
  url: string;
  poolSize?: number;
  /** Emit an event per SQL statement (tests count them); it costs time on every query. */
  emitQueryEvents?: boolean;
}

export function createDatabase({ url, poolSize = 10, emitQueryEvents = false }: DatabaseOptions): Database {
  const adapter = new PrismaPg({ connectionString: url, max: poolSize });
  return new PrismaClient({ adapter, log: emitQueryEvents ? [{ emit: "event", level: "query" }] : [] }) as Database;
}

/** Prisma's error code for a violated unique constraint. */
export const UNIQUE_VIOLATION = "P2002";

export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === UNIQUE_VIOLATION;
}
