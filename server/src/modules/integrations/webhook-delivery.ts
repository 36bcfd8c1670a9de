// Sending a message to an endpoint: one attempt per job, signed, POSTed with a timeout and no
// redirects followed; a failure schedules the next attempt on RETRY_SCHEDULE_MS (about a day in
// all), and an endpoint whose failures have gone on unbroken for a day is disabled and its owner
// told by mail. Each attempt is recorded only if the delivery is still at the attempt before it,
// so a job run twice (a crash, a redelivered domain event) or run late records nothing twice.
import { Agent } from "undici";
import type { WebhookDelivery, WebhookEndpoint, WebhookMessage } from "../../generated/prisma/client.ts";
import { createContext } from "../../platform/context.ts";
import type { JobAttempt } from "../../platform/jobs.ts";
import type { Platform } from "../../platform/platform.ts";
import { findUser } from "../identity/index.ts";
import { checkedLookup, RefusedAddressError } from "./webhook-url.ts";
import { decryptSecret, signedHeaders } from "./webhook-secrets.ts";

export const DELIVERY_QUEUE = "integrations-webhook-delivery";

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/**
 * The wait before each retry, after the first attempt and each failed one: Standard Webhooks'
 * suggested schedule, 1 day 3.5 hours from the first attempt to the last.
 */
export const RETRY_SCHEDULE_MS = [5 * SECOND, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR] as const;
export const MAX_ATTEMPTS = RETRY_SCHEDULE_MS.length + 1;
/** An endpoint whose failures have gone on unbroken this long is disabled at its next failure. */
export const DISABLE_AFTER_FAILING_MS = 24 * HOUR;
/** What is kept of an answer's body, to show its owner why it failed. */
export const RESPONSE_BODY_MAX_BYTES = 1024;
const ERROR_MAX = 500;
/** The job outlives the HTTP timeout: a job still active after this was left by a stopped server. */
const DELIVERY_EXPIRY_SECONDS = 5 * 60;
/** Concurrent attempts per server instance: a slow receiver holds one for at most its timeout. */
const DELIVERY_CONCURRENCY = 4;

export const DISABLED_FOR_FAILING = "Every attempt failed for a day.";

export interface DeliveryJob {
  deliveryId: string;
  /** The attempt this job makes (1 for the first): a job whose attempt was made already does nothing. */
  attempt: number;
}

export type DeliveryRow = WebhookDelivery & { endpoint: WebhookEndpoint; message: WebhookMessage };

interface Outcome {
  ok: boolean;
  status: number | null;
  body: string | null;
  error: string | null;
}

/** The job of a delivery's attempt, sent once per attempt (a second send while the first waits adds nothing). */
export function sendDeliveryJob(platform: Platform, job: DeliveryJob, startAfter?: Date): Promise<void> {
  return platform.jobs.send<DeliveryJob>(DELIVERY_QUEUE, job, { once: `${job.deliveryId}:${job.attempt}`, startAfter });
}

export async function startDeliveries(platform: Platform): Promise<void> {
  await platform.jobs.work<DeliveryJob>(DELIVERY_QUEUE, { attempts: 3, expireInSeconds: DELIVERY_EXPIRY_SECONDS, concurrency: DELIVERY_CONCURRENCY }, (job) =>
    deliveryJob(platform, job),
  );
  await platform.jobs.work(SWEEP_QUEUE, { attempts: 1, expireInSeconds: 10 * 60 }, async () => {
    await sweepDeliveries(platform);
  });
  await platform.jobs.schedule(SWEEP_QUEUE, SWEEP_CRON);
}

const SWEEP_QUEUE = "integrations-webhook-sweep";
const SWEEP_CRON = "*/5 * * * *";
/**
 * A delivery due this long ago whose attempt was not made has lost its job: the server stopped
 * between recording a failure and sending the retry's job. The sweep sends it again.
 */
const OVERDUE_AFTER_MS = 2 * MINUTE;
const SWEEP_BATCH = 1000;
/** Messages and their deliveries are kept this long for their owners' lists and redeliveries, then deleted. */
export const RETENTION_DAYS = 30;

/**
 * Every few minutes: the jobs of deliveries overdue at `now` sent again (a job still waiting or
 * running for the attempt makes this one nothing), and messages past RETENTION_DAYS with nothing
 * pending deleted with their deliveries. Answers how many jobs it sent.
 */
export async function sweepDeliveries(platform: Platform, now = new Date()): Promise<number> {
  const overdue = await platform.db.webhookDelivery.findMany({
    where: { status: "PENDING", nextAttemptAt: { lt: new Date(now.getTime() - OVERDUE_AFTER_MS) } },
    select: { id: true, attempts: true },
    orderBy: { nextAttemptAt: "asc" },
    take: SWEEP_BATCH,
  });
  for (const delivery of overdue) await sendDeliveryJob(platform, { deliveryId: delivery.id, attempt: delivery.attempts + 1 });
  await platform.db.webhookMessage.deleteMany({
    where: { createdAt: { lt: new Date(now.getTime() - RETENTION_DAYS * 24 * HOUR) }, deliveries: { none: { status: "PENDING" } } },
  });
  return overdue.length;
}

function deliveryJob(platform: Platform, job: JobAttempt<DeliveryJob>): Promise<void> {
  return attemptDelivery(platform, job.data, { signal: job.signal });
}

/**
 * Makes the delivery's attempt `attempt` if it is the next one: POSTs, records the outcome, and
 * schedules the retry. `now` is when it runs (the schedule counts from it); the stop signal
 * aborts the request when the server stops (the job then runs again later).
 */
export async function attemptDelivery(
  platform: Platform,
  { deliveryId, attempt }: DeliveryJob,
  options: { now?: () => Date; signal?: AbortSignal } = {},
): Promise<void> {
  const now = options.now ?? (() => new Date());
  const delivery = await platform.db.webhookDelivery.findUnique({ where: { id: deliveryId }, include: { endpoint: true, message: true } });
  if (!delivery || delivery.status !== "PENDING" || delivery.attempts !== attempt - 1) return;
  if (!delivery.endpoint.enabled) {
    await platform.db.webhookDelivery.updateMany({
      where: { id: deliveryId, status: "PENDING", attempts: attempt - 1 },
      data: { status: "FAILED", nextAttemptAt: null, error: "The endpoint is disabled." },
    });
    return;
  }
  const startedAt = now();
  const outcome = await post(platform, delivery, startedAt, options.signal);
  // Stopped by a shutdown: nothing is recorded, the job runs this attempt again after the restart.
  if (options.signal?.aborted) throw new Error("the server stopped during the attempt");
  const { next, disabled } = await record(platform, delivery, attempt, startedAt, outcome, now());
  if (next) await sendDeliveryJob(platform, { deliveryId, attempt: attempt + 1 }, next);
  if (disabled) void platform.mailer.deliverPending().catch((error: unknown) => platform.log.warn({ err: error }, "mail delivery failed"));
}

async function post(platform: Platform, delivery: DeliveryRow, at: Date, stop: AbortSignal | undefined): Promise<Outcome> {
  const body = JSON.stringify(delivery.message.payload);
  const timeout = AbortSignal.timeout(platform.config.webhooks.timeoutSeconds * 1000);
  let dispatcher: Agent | undefined;
  try {
    const url = new URL(delivery.endpoint.url);
    const lookup = await checkedLookup(url, platform.config.webhooks);
    // An agent of this attempt's own: its connections go only to the addresses just checked.
    dispatcher = lookup && new Agent({ connect: { lookup } });
    const secret = await decryptSecret(platform.config, delivery.endpoint.encryptedSecret);
    // Node's fetch takes a dispatcher, which the DOM's RequestInit (web's e2e typecheck reads this file) does not name.
    const init: RequestInit & { dispatcher?: Agent } = {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": "lms-webhooks/1", ...signedHeaders(secret, webhookIdOf(delivery.message.id), at, body) },
      body,
      redirect: "manual",
      signal: stop ? AbortSignal.any([timeout, stop]) : timeout,
      dispatcher,
    };
    const response = await fetch(url, init);
    const text = await readStart(response, timeout);
    const ok = response.status >= 200 && response.status < 300;
    return { ok, status: response.status, body: text, error: ok ? null : `answered HTTP ${response.status}` };
  } catch (error) {
    if (timeout.aborted) return { ok: false, status: null, body: null, error: `no answer within ${platform.config.webhooks.timeoutSeconds} s` };
    const reason = error instanceof RefusedAddressError ? error.message : `request failed: ${describe(error)}`;
    return { ok: false, status: null, body: null, error: reason.slice(0, ERROR_MAX) };
  } finally {
    // The body's rest is left unread, so a kept-alive socket would stay open after the attempt.
    await dispatcher?.destroy();
  }
}

/** The webhook-id header of a message: `msg_` and its id, the same for every attempt and redelivery. */
export const webhookIdOf = (messageId: string) => `msg_${messageId}`;

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? String(error);
}

/** The start of the answer's body (RESPONSE_BODY_MAX_BYTES), the rest left unread. */
async function readStart(response: Response, timeout: AbortSignal): Promise<string> {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  try {
    while (length < RESPONSE_BODY_MAX_BYTES && !timeout.aborted) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      length += value.length;
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
  return Buffer.concat(chunks).subarray(0, RESPONSE_BODY_MAX_BYTES).toString("utf8").replace(/\u0000/g, "");
}

/**
 * Records attempt `attempt` and answers when the next one is due (undefined when none follows).
 * A failure that ends a day of failures disables the endpoint and mails its owner, once.
 */
async function record(
  platform: Platform,
  delivery: DeliveryRow,
  attempt: number,
  startedAt: Date,
  outcome: Outcome,
  now: Date,
): Promise<{ next?: Date; disabled: boolean }> {
  const answer = { responseStatus: outcome.status, responseBody: outcome.body, error: outcome.error, lastAttemptAt: startedAt, attempts: attempt };
  return platform.db.$transaction(async (tx) => {
    const mine = { id: delivery.id, status: "PENDING" as const, attempts: attempt - 1 };
    if (outcome.ok) {
      const recorded = await tx.webhookDelivery.updateMany({ where: mine, data: { ...answer, status: "SUCCEEDED", nextAttemptAt: null } });
      if (recorded.count === 1) await tx.webhookEndpoint.updateMany({ where: { id: delivery.endpointId }, data: { failingSince: null } });
      return { disabled: false };
    }
    // The first failure after a success starts the run; later ones keep its start.
    await tx.$executeRaw`UPDATE webhook_endpoints SET failing_since = COALESCE(failing_since, ${startedAt}) WHERE id = ${delivery.endpointId}::uuid`;
    const endpoint = await tx.webhookEndpoint.findUniqueOrThrow({
      where: { id: delivery.endpointId },
      select: { failingSince: true, ownerId: true, url: true },
    });
    const failingFor = now.getTime() - (endpoint.failingSince ?? startedAt).getTime();
    if (failingFor >= DISABLE_AFTER_FAILING_MS) {
      await tx.webhookDelivery.updateMany({ where: mine, data: { ...answer, status: "FAILED", nextAttemptAt: null } });
      const disabled = await tx.webhookEndpoint.updateMany({
        where: { id: delivery.endpointId, enabled: true },
        data: { enabled: false, disabledReason: DISABLED_FOR_FAILING },
      });
      if (disabled.count === 1) await mailOwner(platform, tx, endpoint);
      return { disabled: disabled.count === 1 };
    }
    if (attempt >= MAX_ATTEMPTS) {
      await tx.webhookDelivery.updateMany({ where: mine, data: { ...answer, status: "FAILED", nextAttemptAt: null } });
      return { disabled: false };
    }
    const next = new Date(now.getTime() + RETRY_SCHEDULE_MS[attempt - 1]);
    const recorded = await tx.webhookDelivery.updateMany({ where: mine, data: { ...answer, nextAttemptAt: next } });
    return { next: recorded.count === 1 ? next : undefined, disabled: false };
  });
}

async function mailOwner(platform: Platform, tx: Parameters<Platform["mailer"]["enqueue"]>[0], endpoint: { ownerId: string; url: string }) {
  const context = createContext(platform, { requestId: `webhook-disabled:${endpoint.url}`, viewer: null, ip: "" });
  const owner = await findUser(context, endpoint.ownerId);
  if (!owner) return;
  await platform.mailer.enqueue(tx, {
    to: owner.email,
    subject: "Your webhook endpoint was disabled",
    text: [
      `Every attempt to deliver events to ${endpoint.url} has failed for a day, so it was disabled and receives no more events.`,
      "",
      "Once it answers again, enable it (updateWebhookEndpoint with enabled: true); the failed deliveries can be sent again with redeliverWebhookDelivery.",
    ].join("\n"),
  });
}
