// Throttles on the account endpoints: a short burst per IP, and failed sign-ins per account.
import type { Limit } from "../../platform/rate-limit.ts";
import type { Platform } from "../../platform/platform.ts";

export interface AuthLimits {
  perIp: Limit;
  failuresPerAccount: Limit;
  resetsPerEmail: Limit;
}

const byPlatform = new WeakMap<Platform["rateLimits"], AuthLimits>();

export function authLimits(platform: Platform): AuthLimits {
  let limits = byPlatform.get(platform.rateLimits);
  if (!limits) {
    const { config, rateLimits } = platform;
    limits = {
      perIp: rateLimits.limit({ name: "auth-ip", points: config.authIpLimitPerMinute, durationSeconds: 60 }),
      failuresPerAccount: rateLimits.limit({ name: "sign-in-failures", points: config.signInFailuresPerHour, durationSeconds: 3600 }),
      resetsPerEmail: rateLimits.limit({ name: "password-resets", points: config.passwordResetsPerHour, durationSeconds: 3600 }),
    };
    byPlatform.set(rateLimits, limits);
  }
  return limits;
}
