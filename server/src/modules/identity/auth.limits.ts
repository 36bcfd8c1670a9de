// Throttles on the identity endpoints: a short burst per IP, failed sign-ins per account, and
// instructor lookups per viewer (each one tells whether an address belongs to an instructor).
import type { Limit } from "../../platform/rate-limit.ts";
import type { Platform } from "../../platform/platform.ts";

export interface AuthLimits {
  perIp: Limit;
  failuresPerAccount: Limit;
  resetsPerEmail: Limit;
  instructorLookupsPerViewer: Limit;
}

/** Enough for a person adding a few colleagues, too few to sift a list of addresses. */
const INSTRUCTOR_LOOKUPS_PER_MINUTE = 20;

const byPlatform = new WeakMap<Platform["rateLimits"], AuthLimits>();

export function authLimits(platform: Platform): AuthLimits {
  let limits = byPlatform.get(platform.rateLimits);
  if (!limits) {
    const { config, rateLimits } = platform;
    limits = {
      perIp: rateLimits.limit({ name: "auth-ip", points: config.authIpLimitPerMinute, durationSeconds: 60 }),
      failuresPerAccount: rateLimits.limit({ name: "sign-in-failures", points: config.signInFailuresPerHour, durationSeconds: 3600 }),
      resetsPerEmail: rateLimits.limit({ name: "password-resets", points: config.passwordResetsPerHour, durationSeconds: 3600 }),
      instructorLookupsPerViewer: rateLimits.limit({ name: "instructor-lookups", points: INSTRUCTOR_LOOKUPS_PER_MINUTE, durationSeconds: 60 }),
    };
    byPlatform.set(rateLimits, limits);
  }
  return limits;
}
