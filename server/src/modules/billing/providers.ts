// The payment providers this server has, and the one its configuration names (PAYMENTS_PROVIDER,
// checked in platform/config.ts): one line per provider.
import type { Config } from "../../platform/config.ts";
import type { Logger } from "../../platform/logger.ts";
import { createLocalProvider } from "./local-provider.ts";
import type { PaymentProvider, PaymentProviderFactory } from "./payment-provider.ts";
import { createStripeProvider } from "./stripe-provider.ts";

const PROVIDER_FACTORIES: Partial<Record<Config["payments"]["provider"], PaymentProviderFactory>> = {
  local: createLocalProvider,
  stripe: createStripeProvider,
};

/** Makes the configured provider, which logs to `log`; a provider this build lacks fails the start, not the first checkout. */
export async function createPaymentProvider(config: Config, log: Logger): Promise<PaymentProvider> {
  const factory = PROVIDER_FACTORIES[config.payments.provider];
  if (!factory) throw new Error(`PAYMENTS_PROVIDER=${config.payments.provider}: this server has no such payment provider`);
  return factory(config, log);
}

const providersByConfig = new WeakMap<Config, Promise<PaymentProvider>>();

/** The process's provider, made once per configuration by the module's start hook (which gives it the platform's log). */
export function paymentProvider(config: Config, log?: Logger): Promise<PaymentProvider> {
  let provider = providersByConfig.get(config);
  if (!provider) {
    if (!log) return Promise.reject(new Error("the payment provider is made by billing's start hook, before anything uses it"));
    provider = createPaymentProvider(config, log);
    providersByConfig.set(config, provider);
  }
  return provider;
}
