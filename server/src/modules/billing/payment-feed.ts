// paymentUpdated: the payment's learner (on the return page) and the course's team hear each
// change once its event is committed. Checked when subscribing and again for every event.
import type { Platform } from "../../platform/platform.ts";

const PAYMENT_TOPIC = "billing:payment";

export interface PaymentUpdate {
  paymentId: string;
}

/** Published once, by the instance delivering the event (to every instance's subscribers through Redis). */
export function publishPaymentUpdate(platform: Platform, { paymentId }: PaymentUpdate): void {
  platform.events.publish(PAYMENT_TOPIC, paymentId, { paymentId });
}

export function paymentUpdates(platform: Pick<Platform, "events">, paymentId: string): AsyncIterable<PaymentUpdate> {
  return platform.events.subscribe(PAYMENT_TOPIC, paymentId) as AsyncIterable<PaymentUpdate>;
}
