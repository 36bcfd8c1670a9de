// Throttles on the identity endpoints, after OWASP's advice: slow an attacker down without letting
// anyone lock the owner out. Failed sign-ins count per (source address, account) and per source;
// an account's own count never refuses a correct password from an address that has not failed.
// Reset mails count per requesting address, so strangers cannot spend the owner's quota.
import type { Limit } from "../../platform/rate-limit.ts";
import type { Platform } from "../../platform/platform.ts";

export interface AuthLimits {
  /** A short burst of sign-ups, sign-ins and reset requests from one address. */
  perIp: Limit;
  /** Failed sign-ins from one address on one account. */
  signInFailuresPerPair: Limit;
  /** Failed sign-ins from one address on any account (password spraying). */
  signInFailuresPerIp: Limit;
  /** Failed sign-ins on one account from anywhere: past it, each further address gets one failed try. */
  signInFailuresPerAccount: Limit;
  /** Sign-ups refused because the address is taken, per source address: each one tells who has an account. */
  takenEmailsPerIp: Limit;
  resetRequestsPerIp: Limit;
  /** Reset mails to one account: past it, only an address that has not asked yet this hour gets one. */
  resetMailsPerAccount: Limit;
  resetMailsPerPair: Limit;
  instructorLookupsPerViewer: Limit;
  /** New verification links an account asks for; only its signed-in owner can ask. */
  verificationMailsPerAccount: Limit;
  verificationMailsPerIp: Limit;
}

/** Enough for a person adding a few colleagues, too few to sift a list of addresses. */
const INSTRUCTOR_LOOKUPS_PER_MINUTE = 20;
/** A person mistyping their address now and then, not a list being checked. */
const TAKEN_EMAILS_PER_IP_PER_HOUR = 10;
/** Enough for a person who lost a few mails; a stranger's requests then mail nothing more. */
const RESET_MAILS_PER_ACCOUNT_PER_HOUR = 5;
/** A person whose mail was late or filtered, a few times over; not a mailbox being flooded. */
const VERIFICATION_MAILS_PER_ACCOUNT_PER_HOUR = 5;
/** A household or office behind one address, each asking a few times. */
const VERIFICATION_MAILS_PER_IP_PER_HOUR = 20;
const HOUR = 3600;

/** The key of one source address's attempts on one account (an address holds no space). */
export const pairKey = (ip: string, account: string) => `${ip} ${account}`;

const byPlatform = new WeakMap<Platform["rateLimits"], AuthLimits>();

export function authLimits(platform: Platform): AuthLimits {
  let limits = byPlatform.get(platform.rateLimits);
  if (!limits) {
    const { config, rateLimits } = platform;
    const perHour = (name: string, points: number) => rateLimits.limit({ name, points, durationSeconds: HOUR });
    limits = {
      perIp: rateLimits.limit({ name: "auth-ip", points: config.authIpLimitPerMinute, durationSeconds: 60 }),
      signInFailuresPerPair: perHour("sign-in-failures-pair", config.signInFailuresPerHour),
      signInFailuresPerIp: perHour("sign-in-failures-ip", config.signInFailuresPerIpPerHour),
      signInFailuresPerAccount: perHour("sign-in-failures-account", config.signInFailuresPerHour),
      takenEmailsPerIp: perHour("sign-up-taken-ip", TAKEN_EMAILS_PER_IP_PER_HOUR),
      resetRequestsPerIp: perHour("reset-requests-ip", config.passwordResetsPerHour),
      resetMailsPerAccount: perHour("reset-mails-account", RESET_MAILS_PER_ACCOUNT_PER_HOUR),
      resetMailsPerPair: perHour("reset-mails-pair", 1),
      instructorLookupsPerViewer: rateLimits.limit({ name: "instructor-lookups", points: INSTRUCTOR_LOOKUPS_PER_MINUTE, durationSeconds: 60 }),
      verificationMailsPerAccount: perHour("verification-mails-account", VERIFICATION_MAILS_PER_ACCOUNT_PER_HOUR),
      verificationMailsPerIp: perHour("verification-mails-ip", VERIFICATION_MAILS_PER_IP_PER_HOUR),
    };
    byPlatform.set(rateLimits, limits);
  }
  return limits;
}
