// The payment providers this server has, and the one its configuration names (PAYMENTS_PROVIDER,
// checked in platform/config.ts): one line per provider.
import type { Config } from "../../platform/config.ts";
import { createLocalProvider } from "./local-provider.ts";
import type { PaymentProvider, PaymentProviderFactory } from "./payment-provider.ts";
import { createStripeProvider } from "./stripe-provider.ts";

const PROVIDER_FACTORIES: Partial<Record<Config["payments"]["provider"], PaymentProviderFactory>> = {
  local: createLocalProvider,
  stripe: (config) => createStripeProvider(config),
};

/** Makes the configured provider; a provider this build lacks fails the start, not the first checkout. */
export async function createPaymentProvider(config: Config): Promise<PaymentProvider> {
  const factory = PROVIDER_FACTORIES[config.payments.provider];
  if (!factory) throw new Error(`PAYMENTS_PROVIDER=${config.payments.provider}: this server has no such payment provider`);
  return factory(config);
}

const providersByConfig = new WeakMap<Config, Promise<PaymentProvider>>();

/** The process's provider, made once per configuration (the module's start hook makes it first). */
export function paymentProvider(config: Config): Promise<PaymentProvider> {
  let provider = providersByConfig.get(config);
  if (!provider) {
    provider = createPaymentProvider(config);
    providersByConfig.set(config, provider);
  }
  return provider;
}
