// Payments left open (REQUIRES_PAYMENT, PROCESSING) past a few minutes are settled by asking their
// provider what became of them: a webhook that never arrived (an outage, a wrong endpoint) still
// ends in access, or in a canceled payment the learner can start again. What the provider says is
// applied through applyPaymentFact like a webhook, under event ids of its own, so a second run, or
// the webhook arriving after all, changes nothing more.
import type { Platform } from "../../platform/platform.ts";
import { applyPaymentFact } from "./payment-settlement.service.ts";
import type { ProviderPaymentState } from "./payment-provider.ts";
import { paymentProvider } from "./providers.ts";

export const RECONCILIATION_QUEUE = "billing-payment-reconciliation";
/** Open payments asked about per run, oldest first; the next run takes the rest. */
const BATCH_SIZE = 100;

export interface ReconciliationOptions {
  /** Payments unchanged for at least this long are asked about; default config.payments' reconcileAfterSeconds. */
  olderThanSeconds?: number;
  now?: Date;
}

export interface ReconciliationRun {
  /** Open payments asked about. */
  checked: number;
  /** Those whose state changed. */
  settled: number;
  /** Those the provider could not be asked about (tried again next run). */
  failed: number;
}

export async function reconcileOpenPayments(platform: Platform, options: ReconciliationOptions = {}): Promise<ReconciliationRun> {
  const now = options.now ?? new Date();
  const olderThanSeconds = options.olderThanSeconds ?? platform.config.paymentReconciliation.afterSeconds;
  const provider = await paymentProvider(platform.config);
  const open = await platform.db.payment.findMany({
    where: {
      status: { in: ["REQUIRES_PAYMENT", "PROCESSING"] },
      updatedAt: { lte: new Date(now.getTime() - olderThanSeconds * 1000) },
      // Another provider's payments (the configuration changed since) cannot be asked about here.
      provider: provider.name,
      providerReference: { not: null },
    },
    select: { id: true, providerReference: true },
    orderBy: { updatedAt: "asc" },
    take: BATCH_SIZE,
  });
  const run: ReconciliationRun = { checked: open.length, settled: 0, failed: 0 };
  for (const payment of open) {
    try {
      const state = await provider.fetchState({ id: payment.id, providerReference: payment.providerReference! });
      if (await settle(platform, provider.name, payment.id, state, now)) run.settled += 1;
    } catch (error) {
      run.failed += 1;
      platform.log.warn({ err: error, paymentId: payment.id }, "payment reconciliation could not ask the provider; next run tries again");
    }
  }
  if (run.checked > 0) platform.log.info(run, "open payments reconciled with their provider");
  return run;
}

/** Applies the provider's answer; true when the payment changed. */
async function settle(platform: Platform, provider: "local" | "stripe", paymentId: string, state: ProviderPaymentState, now: Date): Promise<boolean> {
  if (state.outcome === "pending") return false;
  const fact = { provider, paymentId, occurredAt: now };
  const kind = state.outcome;
  const outcome = await applyPaymentFact(platform, { ...fact, eventId: `reconcile:${paymentId}:${kind}`, kind });
  // A refund made while the success went unheard: the total as the provider reports it.
  if (kind === "succeeded" && state.refundedCents > 0) {
    await applyPaymentFact(platform, { ...fact, eventId: `reconcile:${paymentId}:refunded:${state.refundedCents}`, kind: "refunded", refundedCents: state.refundedCents });
  }
  return outcome === "applied";
}

/** Runs the reconciliation on the configured schedule, once across all server instances. */
export async function scheduleReconciliation(platform: Platform): Promise<void> {
  const { cron } = platform.config.paymentReconciliation;
  if (!cron) return;
  await platform.jobs.work(RECONCILIATION_QUEUE, { attempts: 1, expireInSeconds: 10 * 60 }, async () => {
    await reconcileOpenPayments(platform);
  });
  await platform.jobs.schedule(RECONCILIATION_QUEUE, cron);
}
