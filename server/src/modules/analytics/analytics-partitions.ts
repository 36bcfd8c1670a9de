// The raw events' monthly partitions: made ahead (this month and the next two) and dropped whole
// once every event in them is older than ANALYTICS_RETENTION_DAYS, never deleted row by row; the
// dedupe keys outlive no acceptable resend and are then deleted (see AnalyticsEventKey).
import { Prisma, type Database } from "../../platform/db.ts";
import type { Platform } from "../../platform/platform.ts";

const MAINTENANCE_QUEUE = "analytics-maintenance";
const MONTHS_AHEAD = 2;
/** An event is refused when older than 7 days (track-events.service.ts); the margin covers the 5 minutes ahead it may be. */
const DEDUPE_KEY_DAYS = 8;
const PARTITION_NAME = /^analytics_events_(\d{4})(\d{2})$/;

const monthStart = (year: number, month: number) => new Date(Date.UTC(year, month, 1));
const partitionName = (start: Date) => `analytics_events_${start.toISOString().slice(0, 7).replace("-", "")}`;

/**
 * Creates the missing partitions from this month to MONTHS_AHEAD ahead, drops those whose whole
 * month ended more than `retentionDays` ago, and deletes expired dedupe keys. Serialized across
 * server instances by an advisory lock, so two never create the same partition at once.
 */
export async function maintainEventPartitions(db: Database, retentionDays: number, now = new Date()): Promise<{ created: string[]; dropped: string[] }> {
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('analytics-partitions'))`;
    const existing = (await tx.$queryRaw<{ name: string }[]>`
      SELECT c.relname::text AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = 'analytics_events'::regclass`).map((row) => row.name);
    const created: string[] = [];
    for (let ahead = 0; ahead <= MONTHS_AHEAD; ahead += 1) {
      const start = monthStart(now.getUTCFullYear(), now.getUTCMonth() + ahead);
      const end = monthStart(start.getUTCFullYear(), start.getUTCMonth() + 1);
      const name = partitionName(start);
      if (existing.includes(name)) continue;
      await tx.$executeRawUnsafe(
        `CREATE TABLE ${name} PARTITION OF analytics_events FOR VALUES FROM ('${start.toISOString()}') TO ('${end.toISOString()}')`,
      );
      created.push(name);
    }
    const oldestKept = now.getTime() - retentionDays * 86_400_000;
    const dropped: string[] = [];
    for (const name of existing) {
      const match = PARTITION_NAME.exec(name);
      if (!match) continue;
      const end = monthStart(Number(match[1]), Number(match[2]));
      if (end.getTime() > oldestKept) continue;
      await tx.$executeRawUnsafe(`DROP TABLE ${name}`);
      dropped.push(name);
    }
    await tx.$executeRaw(Prisma.sql`DELETE FROM analytics_event_keys WHERE received_at < ${new Date(now.getTime() - DEDUPE_KEY_DAYS * 86_400_000)}::timestamptz`);
    return { created, dropped };
  });
}

/** Partitions made before the first event can arrive, then kept up on the configured schedule, once across instances. */
export async function startPartitionMaintenance(platform: Platform): Promise<void> {
  const { retentionDays, maintenanceCron } = platform.config.analytics;
  await maintainEventPartitions(platform.db, retentionDays);
  await platform.jobs.work(MAINTENANCE_QUEUE, { attempts: 1, expireInSeconds: 10 * 60 }, async () => {
    await maintainEventPartitions(platform.db, retentionDays);
  });
  await platform.jobs.schedule(MAINTENANCE_QUEUE, maintenanceCron);
}
