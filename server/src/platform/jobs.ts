// Durable background jobs on the application's own PostgreSQL (pg-boss): they survive restarts,
// and any server instance may run them.
import PgBoss from "pg-boss";
import type { Logger } from "./logger.ts";

export interface JobAttempt<Data> {
  id: string;
  data: Data;
  /** 1 for the first run. */
  attempt: number;
  /** True when a failure now will not be retried. */
  isLastAttempt: boolean;
}

export interface QueueOptions {
  /** Runs in all, the first included. Default 3. */
  attempts?: number;
  /** A running job not finished by then (its process died, say) counts as failed and is retried. */
  expireInSeconds: number;
  retryDelaySeconds?: number;
}

export interface Jobs {
  /** Creates the queue if needed and runs `handler` for its jobs in this process. */
  work<Data extends object>(queue: string, options: QueueOptions, handler: (job: JobAttempt<Data>) => Promise<void>): Promise<void>;
  send<Data extends object>(queue: string, data: Data): Promise<void>;
  /** Sends a job on a cron schedule (UTC), once across all server instances. */
  schedule(queue: string, cron: string): Promise<void>;
  stop(): Promise<void>;
}

const DEFAULT_ATTEMPTS = 3;
const DEFAULT_RETRY_DELAY_SECONDS = 5;
const POOL_SIZE = 3;
/** Jobs still running at shutdown are given this long, then marked failed (so retried). */
const STOP_TIMEOUT_MS = 10_000;

export async function startJobs(databaseUrl: string, log: Logger): Promise<Jobs> {
  const boss = new PgBoss({ connectionString: databaseUrl, max: POOL_SIZE, application_name: "lms-jobs" });
  boss.on("error", (error) => log.error({ err: error }, "job queue error"));
  await boss.start();
  const workers = new Map<string, string>();

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
      const workerId = await boss.work<Data>(queue, { includeMetadata: true, batchSize: 1 }, async ([job]) => {
        if (!job) return;
        try {
          await handler({
            id: job.id,
            data: job.data,
            attempt: job.retryCount + 1,
            isLastAttempt: job.retryCount >= job.retryLimit,
          });
        } catch (error) {
          log.warn({ err: error, queue, jobId: job.id, attempt: job.retryCount + 1 }, "job failed");
          throw error;
        }
      });
      workers.set(queue, workerId);
    },
    async send(queue, data) {
      await boss.send(queue, data);
      // The worker polls every few seconds; this instance's worker can start at once.
      const workerId = workers.get(queue);
      if (workerId) boss.notifyWorker(workerId);
    },
    async schedule(queue, cron) {
      await boss.createQueue(queue);
      await boss.schedule(queue, cron);
    },
    async stop() {
      await boss.stop({ graceful: true, wait: true, timeout: STOP_TIMEOUT_MS });
    },
  };
}
