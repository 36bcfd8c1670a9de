// The application's database sessions: the settings every statement runs under, and the
// node-postgres pool under the Prisma client being the same connections.
import { createTestDatabase, type TestDatabase } from "../../test/support/test-database.ts";
import { createDatabase, poolUnder, type Database } from "./db.ts";

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
