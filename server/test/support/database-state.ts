// Everything the database holds, as one value per table: taken before and after a refused
// operation, equal values show that it wrote nothing.
import type { TestServer } from "./test-server.ts";
import { waitUntil } from "./wait.ts";

/** Columns that change with no operation asking: authentication's, mail's and domain events' delivery bookkeeping. */
const BOOKKEEPING: Record<string, string[]> = {
  api_keys: ["last_used_at"],
  mail_outbox: ["sent_at", "attempts", "last_error"],
  domain_events: ["settled_at"],
};
/** Tables only background work writes about what was committed earlier: domain events' deliveries, the analytics rollups' watermark. */
const BOOKKEEPING_TABLES = ["domain_event_deliveries", "analytics_rollup_state"];

/** Per table of the application's schema: its row count and a digest of its rows. */
export async function databaseState(server: TestServer): Promise<Record<string, string>> {
  // Listeners of events committed earlier (analytics records enrollments, progress, payments) write
  // on their own time: settled first, so that only the operation under test can change the state.
  await waitUntil("earlier domain events are settled", async () => {
    const [{ unsettled }] = await server.db.$queryRaw<{ unsettled: number }[]>`SELECT count(*)::int AS unsettled FROM domain_events WHERE settled_at IS NULL`;
    return unsettled === 0;
  });
  // Likewise the analytics rollups take in events stored earlier a moment later.
  await waitUntil("earlier analytics events are in the rollups", async () => {
    const [{ behind }] = await server.db.$queryRaw<{ behind: boolean }[]>`
      SELECT EXISTS (SELECT 1 FROM analytics_events WHERE xid >= (SELECT rolled_up_before FROM analytics_rollup_state WHERE id = 1)) AS behind`;
    return !behind;
  });
  const tables = await server.db.$queryRaw<{ name: string }[]>`
    SELECT table_name::text AS name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations' AND NOT (table_name = ANY(${BOOKKEEPING_TABLES}))`;
  const digests = tables.map(({ name }) => {
    const ignored = (BOOKKEEPING[name] ?? []).map((column) => `'${column}'`).join(", ");
    return `SELECT '${name}' AS name, count(*)::int AS rows, md5(coalesce(string_agg(row, '|' ORDER BY row), '')) AS digest
      FROM (SELECT (to_jsonb(t) - ARRAY[${ignored}]::text[])::text AS row FROM "${name}" t) AS rows`;
  });
  const rows = await server.db.$queryRawUnsafe<{ name: string; rows: number; digest: string }[]>(digests.join(" UNION ALL "));
  return Object.fromEntries(rows.map((row) => [row.name, `${row.rows} rows, ${row.digest}`]));
}

/** Runs a request that is to be refused, checks that it wrote nothing, and answers its response. */
export async function refusedWithoutWriting(server: TestServer, request: () => Promise<{ errors?: any[]; data?: any }>) {
  const before = await databaseState(server);
  const result = await request();
  expect(await databaseState(server)).toEqual(before);
  return result;
}
