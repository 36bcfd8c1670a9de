// The application's database sessions: the settings every statement runs under, the
// node-postgres pool under the Prisma client being the same connections, and reads past Prisma's
// client answering what $queryRaw would.
import { createTestDatabase, type TestDatabase } from "../../test/support/test-database.ts";
import { createDatabase, onStatementPastPrisma, poolUnder, Prisma, readRows, sendStatement, type Database } from "./db.ts";

let database: TestDatabase;
let db: Database;

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDatabase({ url: database.url, poolSize: 1 });
});
afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

it("runs every statement without JIT compilation, through Prisma and through the pool under it", async () => {
  const [{ jit }] = await db.$queryRaw<{ jit: string }[]>`SHOW jit`;
  expect(jit).toBe("off");
  expect((await poolUnder(db).query<{ jit: string }>("SHOW jit")).rows).toEqual([{ jit: "off" }]);
});

it("gives Prisma and direct statements one pool: a pool of one serves both in turn", async () => {
  const [{ pid: throughPrisma }] = await db.$queryRaw<{ pid: number }[]>`SELECT pg_backend_pid() AS pid`;
  const { rows } = await poolUnder(db).query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
  expect(rows[0]!.pid).toBe(throughPrisma);
});

it("refuses a client it did not make", () => {
  expect(() => poolUnder({} as Database)).toThrow("this Prisma client was not made by createDatabase");
});

it("reads past Prisma's client with the types $queryRaw answers, as a statement prepared once", async () => {
  const read = (id: string) => Prisma.sql`
    SELECT ${id}::uuid AS id, 9007199254740993::int8 AS big, 12.50::numeric AS money, '2026-02-28'::date AS day,
      '2026-02-28 23:30:00.5'::timestamp AS "localTime", '2026-02-28 23:30:00+02'::timestamptz AS "at",
      1.5::float8 AS ratio, 7::int AS count, ARRAY['a', 'b'] AS tags, '{"x": [1]}'::jsonb AS detail, NULL::text AS nothing`;
  const id = "0195a2c4-0000-7000-8000-000000000001";
  const throughPrisma = await db.$queryRaw<Record<string, unknown>[]>(read(id));
  const past = await readRows<Record<string, unknown>>(db, read(id));
  expect(past).toEqual(throughPrisma);
  expect(past[0]).toMatchObject({ big: 9007199254740993n, day: new Date("2026-02-28T00:00:00Z"), localTime: new Date("2026-02-28T23:30:00.500Z") });
  expect(String(past[0].money)).toBe("12.5");
  const [{ prepared }] = await sendStatement<{ prepared: number }>(db, "SELECT count(*)::int AS prepared FROM pg_prepared_statements", []);
  expect(prepared).toBeGreaterThanOrEqual(1);
});

it("tells a listener of every statement sent past Prisma's client", async () => {
  const heard: string[] = [];
  onStatementPastPrisma(db, (text) => heard.push(text));
  await readRows(db, Prisma.sql`SELECT ${1}::int AS one`);
  await sendStatement(db, "SELECT 2 AS two", []);
  expect(heard).toEqual(["SELECT $1::int AS one", "SELECT 2 AS two"]);
});
