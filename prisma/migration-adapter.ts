// The driver adapter the Prisma CLI (WebAssembly schema engine) migrates through.
// It works around upstream bugs of @prisma/adapter-pg 6.x when used by the CLI
// (prisma/orm#27403 and kin); the application itself uses the stock adapter.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";

/** Catalog types adapter-pg cannot deserialize, read as text instead. */
const TEXT_ALIASES: Record<number, number> = { 19: 25, 18: 25, 1003: 1009, 1002: 1009 };

type TypeParserLookup = (oid: number, format?: string) => unknown;

/** A pg client that reports `name` and `"char"` columns (and their arrays) as text. */
class CatalogTextClient extends pg.Client {
  // pg's overloads cannot be restated in a subclass; the runtime contract is the same.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(config: any, values?: any, callback?: any): any {
    if (typeof values === "function") [values, callback] = [undefined, values];
    if (typeof config !== "object" || config === null) return super.query(config, values, callback);
    const lookup: TypeParserLookup = config.types?.getTypeParser ?? pg.types.getTypeParser;
    const aliased = {
      ...config,
      types: { getTypeParser: (oid: number, format?: string) => lookup(TEXT_ALIASES[oid] ?? oid, format) },
    };
    // A multi-statement script (a whole migration) answers one result per statement.
    const relabel = (result: pg.QueryResult | pg.QueryResult[]) => {
      for (const each of Array.isArray(result) ? result : [result]) {
        for (const field of each.fields ?? []) field.dataTypeID = TEXT_ALIASES[field.dataTypeID] ?? field.dataTypeID;
      }
      return result;
    };
    if (callback) {
      return super.query(aliased, values, (error: Error, result: pg.QueryResult) =>
        callback(error, result && relabel(result)),
      );
    }
    return (super.query(aliased, values) as unknown as Promise<pg.QueryResult>).then(relabel);
  }
}

interface Target {
  host: string;
  port: number;
  user: string;
  password?: string;
  database: string;
}

/** Separate fields, never a connectionString: the shadow database overrides `database`. */
export function parseDatabaseUrl(url: string): Target {
  const parsed = new URL(url);
  return {
    host: decodeURIComponent(parsed.hostname) || "localhost",
    port: Number(parsed.port || 5432),
    user: decodeURIComponent(parsed.username) || "postgres",
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    database: decodeURIComponent(parsed.pathname.slice(1)) || "postgres",
  };
}

type Adapter = Awaited<ReturnType<PrismaPg["connect"]>>;

async function connectTo(target: Target): Promise<Adapter> {
  const adapter = await new PrismaPg({ ...target, Client: CatalogTextClient } as pg.PoolConfig).connect();
  const pool = adapter.underlyingDriver() as pg.Pool;
  // A migration is sent whole as one simple-protocol query, so semicolons inside
  // string literals and function bodies survive.
  adapter.executeScript = async (script: string) => {
    await pool.query(script);
  };
  return adapter;
}

async function adminQuery(target: Target, sql: string): Promise<void> {
  const client = new pg.Client({ ...target, database: "postgres" });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export function migrationAdapter(url: string) {
  const target = parseDatabaseUrl(url);
  return {
    provider: "postgres" as const,
    adapterName: "@prisma/adapter-pg",
    connect: () => connectTo(target),
    async connectToShadowDb() {
      const database = `prisma_shadow_${randomUUID().replaceAll("-", "")}`;
      await adminQuery(target, `CREATE DATABASE "${database}"`);
      const adapter = await connectTo({ ...target, database });
      const dispose = adapter.dispose.bind(adapter);
      // Close the shadow's pool before dropping it, not after.
      adapter.dispose = async () => {
        await dispose();
        await adminQuery(target, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      };
      return adapter;
    },
  };
}

/** The wasm engine leaves 10 s and 60 s timers behind that keep the CLI alive after success. */
export function unrefLongTimers(): void {
  const original = globalThis.setTimeout;
  const patched = ((handler: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    const timer = original(handler, ms, ...args);
    if ((ms ?? 0) >= 10_000) timer.unref();
    return timer;
  }) as typeof setTimeout;
  globalThis.setTimeout = Object.assign(patched, original);
}
