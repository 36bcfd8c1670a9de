// Durable background jobs on the application's own PostgreSQL (pg-boss): they survive restarts,
// and any server instance may run them.
import { SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import pg from "pg";
import PgBoss from "pg-boss";
import { v5 as uuidv5 } from "uuid";
import type { Logger } from "./logger.ts";

export interface JobAttempt<Data> {
  id: string;
  data: Data;
  /** 1 for the first run. */
  attempt: number;
  /** True when a failure now will not be retried. */
  isLastAttempt: boolean;
  /**
   * Aborted when the server stops: the handler stops its work and throws. The job is then run
   * again later, even if this was its last attempt.
   */
  signal: AbortSignal;
}

export interface QueueOptions {
  /** Runs in all, the first included. Default 3. */
  attempts?: number;
  /** A running job not finished by then (its process died, say) counts as failed and is retried. */
  expireInSeconds: number;
  retryDelaySeconds?: number;
  /** Jobs of the queue this process runs at once. Default 1. */
  concurrency?: number;
}

export interface SendOptions {
  /**
   * `once`: sending again with the same value adds no second job while the first waits, runs, or
   * finished less than 12 hours ago (pg-boss then archives it): a domain event's delivery key sends
   * a listener's job once even when the event is delivered again.
   */
  once?: string;
  /** Not run before then (a retry schedule of the job's own); at once when unset or past. */
  startAfter?: Date;
}

export interface Jobs {
  /** Creates the queue if needed and runs `handler` for its jobs in this process. */
  work<Data extends object>(queue: string, options: QueueOptions, handler: (job: JobAttempt<Data>) => Promise<void>): Promise<void>;
  /** Sends a job to `queue` (see SendOptions). */
  send<Data extends object>(queue: string, data: Data, options?: SendOptions): Promise<void>;
  /** Whether a job of `queue` whose data contains `data` waits, runs or will be retried. */
  hasPending(queue: string, data: object): Promise<boolean>;
  /** Sends a job on a cron schedule (UTC), once across all server instances. */
  schedule(queue: string, cron: string): Promise<void>;
  stop(): Promise<void>;
}

const DEFAULT_ATTEMPTS = 3;
const DEFAULT_RETRY_DELAY_SECONDS = 5;
const POOL_SIZE = 3;
/** Jobs still running at shutdown are given this long, then marked failed (so retried). */
const STOP_TIMEOUT_MS = 10_000;
const BOSS_SCHEMA = "pgboss";
/**
 * A job active this long without a lease was left by a process that is gone. The margin covers
 * the moment between pg-boss marking a job active and its worker taking the lease.
 */
const LEASE_GRACE_SECONDS = 30;
/** Job ids made from `send`'s `once` values live in a namespace of their own. */
const ONCE_NAMESPACE = "4f8b2c1e-7d3a-5e6f-9a0b-1c2d3e4f5a6b";
const ABANDONED_CHECK_INTERVAL_MS = 15_000;

export async function startJobs(databaseUrl: string, log: Logger): Promise<Jobs> {
  const boss = new PgBoss({ connectionString: databaseUrl, max: POOL_SIZE, application_name: "lms-jobs", schema: BOSS_SCHEMA });
  boss.on("error", (error) => log.error({ err: error }, "job queue error"));
  await boss.start();
  const workers = new Map<string, string[]>();
  const leases = new JobLeases(databaseUrl, log);
  const stopping = new AbortController();

  /** A job cut short by the server stopping goes back to the queue, given one more attempt if it was the last. */
  async function release(queue: string, job: PgBoss.JobWithMetadata) {
    await boss.fail(queue, job.id, { message: "the server stopped while running it" });
    if (job.retryCount >= job.retryLimit) await boss.retry(queue, job.id);
    log.info({ queue, jobId: job.id }, "job released for a later run");
  }

  /**
   * Jobs left active by a process that died (crash, kill -9, lost machine) are failed, hence
   * retried, now rather than when their expiry comes. A live sibling's jobs keep their lease.
   */
  async function failAbandoned() {
    const queues = [...workers.keys()];
    if (queues.length === 0 || stopping.signal.aborted) return;
    const db = boss.getDb();
    const active = (await db.executeSql(
      `SELECT id, name FROM ${BOSS_SCHEMA}.job WHERE name = ANY($1::text[]) AND state = 'active' AND started_on < now() - make_interval(secs => $2)`,
      [queues, LEASE_GRACE_SECONDS],
    )) as { rows: { id: string; name: string }[] };
    for (const job of active.rows) {
      await leases.whileUnclaimed(job.id, async () => {
        // Read again under the lease: the job may have been retried and started anew meanwhile.
        const still = (await db.executeSql(
          `SELECT 1 FROM ${BOSS_SCHEMA}.job WHERE id = $1 AND name = $2 AND state = 'active' AND started_on < now() - make_interval(secs => $3)`,
          [job.id, job.name, LEASE_GRACE_SECONDS],
        )) as { rows: unknown[] };
        if (still.rows.length === 0) return;
        await boss.fail(job.name, job.id, { message: "the server running it stopped without finishing it" });
        log.warn({ queue: job.name, jobId: job.id }, "job abandoned by a stopped server, failed for a retry");
      });
    }
  }
  const abandonedCheck = setInterval(() => void failAbandoned().catch((error) => log.warn({ err: error }, "abandoned job check failed")), ABANDONED_CHECK_INTERVAL_MS);
  abandonedCheck.unref();

  return {
    async work<Data extends object>(queue: string, options: QueueOptions, handler: (job: JobAttempt<Data>) => Promise<void>) {
      const attempts = options.attempts ?? DEFAULT_ATTEMPTS;
      const settings = {
        name: queue,
        retryLimit: attempts - 1,
        retryDelay: options.retryDelaySeconds ?? DEFAULT_RETRY_DELAY_SECONDS,
        expireInSeconds: options.expireInSeconds,
      };
      // createQueue keeps an existing queue's settings; updateQueue applies this version's.
      await boss.createQueue(queue, settings);
      await boss.updateQueue(queue, settings);
      // pg-boss runs one batch at a time per worker: N workers of one job each run N jobs at once.
      const runOne = async ([job]: PgBoss.JobWithMetadata<Data>[]) => {
        if (!job) return;
        if (stopping.signal.aborted) return release(queue, job);
        await inJobSpan(queue, job, async () => {
          await leases.claim(job.id);
          try {
            await handler({
              id: job.id,
              data: job.data,
              attempt: job.retryCount + 1,
              isLastAttempt: job.retryCount >= job.retryLimit,
              signal: stopping.signal,
            });
          } catch (error) {
            if (stopping.signal.aborted) return await release(queue, job);
            log.warn({ err: error, queue, jobId: job.id, attempt: job.retryCount + 1 }, "job failed");
            throw error;
          } finally {
            await leases.end(job.id);
          }
        });
      };
      const workerIds = [];
      for (let worker = 0; worker < (options.concurrency ?? 1); worker += 1) {
        workerIds.push(await boss.work<Data>(queue, { includeMetadata: true, batchSize: 1 }, runOne));
      }
      workers.set(queue, workerIds);
      await failAbandoned();
    },
    async send(queue, data, options = {}) {
      await boss.send(queue, data, {
        ...(options.once === undefined ? {} : { id: uuidv5(`${queue}:${options.once}`, ONCE_NAMESPACE) }),
        ...(options.startAfter === undefined ? {} : { startAfter: options.startAfter }),
      });
      // The worker polls every few seconds; this instance's worker can start at once.
      for (const workerId of workers.get(queue) ?? []) boss.notifyWorker(workerId);
    },
    async hasPending(queue, data) {
      const found = (await boss.getDb().executeSql(
        `SELECT 1 FROM ${BOSS_SCHEMA}.job WHERE name = $1 AND state < 'completed' AND data @> $2::jsonb LIMIT 1`,
        [queue, JSON.stringify(data)],
      )) as { rows: unknown[] };
      return found.rows.length > 0;
    },
    async schedule(queue, cron) {
      await boss.createQueue(queue);
      await boss.schedule(queue, cron);
    },
    async stop() {
      clearInterval(abandonedCheck);
      stopping.abort(new Error("the server is stopping"));
      await boss.stop({ graceful: true, wait: true, timeout: STOP_TIMEOUT_MS });
      await leases.close();
    },
  };
}

const tracer = trace.getTracer("lms-jobs");

/** A job's run as a span of its own, holding the spans of what it does (a no-op without tracing, see tracing.ts). */
function inJobSpan(queue: string, job: PgBoss.JobWithMetadata, run: () => Promise<void>): Promise<void> {
  const attributes = { "messaging.system": "pg-boss", "messaging.destination.name": queue, "messaging.message.id": job.id, "lms.job.attempt": job.retryCount + 1 };
  return tracer.startActiveSpan(`job ${queue}`, { kind: SpanKind.CONSUMER, attributes }, async (span) => {
    try {
      await run();
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      span.end();
    }
  });
}

const LEASE_LOCK = "hashtext('lms-job-lease'), hashtext($1)";

/**
 * A job running in this process holds a PostgreSQL advisory lock named after it, on a connection
 * of its own. PostgreSQL frees the locks of a connection that closed, so a process that died
 * leaves its jobs unclaimed, while the jobs of a live sibling (many instances on one database)
 * stay claimed: no heartbeat to tune, no clock to trust. Needs a session connection (not a
 * transaction-mode pooler); without one, pg-boss's expiry still retries the job, later.
 */
class JobLeases {
  #client: Promise<pg.Client> | undefined;
  readonly #claimed = new Set<string>();

  constructor(
    private readonly databaseUrl: string,
    private readonly log: Logger,
  ) {}

  async claim(jobId: string): Promise<void> {
    this.#claimed.add(jobId);
    await this.#query(`SELECT pg_advisory_lock(${LEASE_LOCK})`, [jobId]);
  }

  async end(jobId: string): Promise<void> {
    this.#claimed.delete(jobId);
    await this.#query(`SELECT pg_advisory_unlock(${LEASE_LOCK})`, [jobId]);
  }

  /** Runs `work` while holding the job's lease, if no process holds it (this one included). */
  async whileUnclaimed(jobId: string, work: () => Promise<void>): Promise<void> {
    if (this.#claimed.has(jobId)) return;
    const taken = await this.#query(`SELECT pg_try_advisory_lock(${LEASE_LOCK}) AS taken`, [jobId]);
    if (!taken?.rows[0]?.taken) return;
    try {
      await work();
    } finally {
      await this.#query(`SELECT pg_advisory_unlock(${LEASE_LOCK})`, [jobId]);
    }
  }

  async close(): Promise<void> {
    const client = this.#client;
    this.#client = undefined;
    await (await client?.catch(() => undefined))?.end();
  }

  /** A failed lease only delays recovery (expiry still applies): it is logged, never thrown. */
  async #query(sql: string, values: unknown[]): Promise<pg.QueryResult | undefined> {
    try {
      return await (await this.#connection()).query(sql, values);
    } catch (error) {
      this.log.warn({ err: error }, "job lease query failed");
      return undefined;
    }
  }

  #connection(): Promise<pg.Client> {
    this.#client ??= this.#connect();
    return this.#client;
  }

  async #connect(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: this.databaseUrl, application_name: "lms-job-leases" });
    client.on("error", (error) => {
      // The locks went with the connection: the next query reconnects and takes them again.
      this.log.warn({ err: error }, "job lease connection lost");
      this.#client = undefined;
    });
    try {
      await client.connect();
    } catch (error) {
      this.#client = undefined;
      throw error;
    }
    for (const jobId of this.#claimed) await client.query(`SELECT pg_advisory_lock(${LEASE_LOCK})`, [jobId]);
    return client;
  }
}
