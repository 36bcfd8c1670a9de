// Signing up, in and out.
import type { Context } from "../../platform/context.ts";
import { isUniqueViolation } from "../../platform/db.ts";
import { isEmail } from "class-validator";
import { badInput, conflict, invalidCredentials, unauthenticated } from "../../platform/errors.ts";
import type { SignInInput, SignUpInput } from "./auth.type.ts";
import { checkPasswordPolicy, hashPassword, MAX_PASSWORD_LENGTH, verifyPassword } from "./passwords.ts";
import { openSession, revokeSessions, sessionOfRefreshToken, type IssuedSession } from "./session.service.ts";
import { authLimits, pairKey } from "./auth.limits.ts";
import { deliverQueuedMail, enqueueVerificationMail } from "./email-verification.service.ts";
import { parseDisplayName } from "./user.type.ts";

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** The normalized address, or BAD_USER_INPUT naming `field`. */
export function parseEmail(raw: string, field = "email"): string {
  const email = normalizeEmail(raw);
  if (!isEmail(email)) throw badInput({ [field]: "must be an email address" });
  return email;
}

/**
 * A taken address answers CONFLICT: the contract has signUp return a session, which a taken
 * address cannot get, so that answer cannot look like a new sign-up. Telling who has an account is
 * kept expensive instead: both answers take the same password hashing, a miss creates an account,
 * and each address may learn of only a few taken emails an hour (README, "Security notes").
 * A new account is mailed a link that verifies its address.
 */
export async function signUp(context: Context, input: SignUpInput): Promise<IssuedSession> {
  const limits = authLimits(context);
  await limits.perIp.consume(context.ip);
  await limits.takenEmailsPerIp.check(context.ip);
  const email = parseEmail(input.email);
  const displayName = parseDisplayName(input.displayName);
  checkPasswordPolicy(input.password);
  const passwordHash = await hashPassword(input.password);
  try {
    const session = await context.db.$transaction(async (tx) => {
      const user = await tx.user.create({ data: { email, passwordHash, profile: { create: { displayName } } } });
      await enqueueVerificationMail(context, tx, user);
      return openSession(context, tx, user.id);
    });
    deliverQueuedMail(context);
    return session;
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    await limits.takenEmailsPerIp.tryConsume(context.ip);
    throw conflict("This email is already registered.", { reason: "EMAIL_TAKEN", fields: { email: "is already registered" } });
  }
}

const wrongCredentials = () => invalidCredentials("Email or password is incorrect.");

/**
 * Throttled per source address, never per account alone (auth.limits.ts): an address that has not
 * failed on this account gets in with the right password even while others hammer it. Once the
 * account has failed too often, every address gets one failed try on it, so guessing from many
 * addresses slows to one guess per address.
 */
export async function signIn(context: Context, input: SignInInput): Promise<IssuedSession> {
  const limits = authLimits(context);
  const email = normalizeEmail(input.email);
  const pair = pairKey(context.ip, email);
  await limits.perIp.consume(context.ip);
  await limits.signInFailuresPerIp.check(context.ip);
  const underAttack = await limits.signInFailuresPerAccount.isSpent(email);
  await limits.signInFailuresPerPair.check(pair, underAttack ? 1 : undefined);

  if (input.password.length > MAX_PASSWORD_LENGTH) throw wrongCredentials();

  const user = await context.db.user.findUnique({ where: { email }, select: { id: true, passwordHash: true } });
  if (!(await verifyPassword(user?.passwordHash ?? null, input.password)) || !user) {
    await Promise.all([
      limits.signInFailuresPerPair.tryConsume(pair),
      limits.signInFailuresPerIp.tryConsume(context.ip),
      limits.signInFailuresPerAccount.tryConsume(email),
    ]);
    throw wrongCredentials();
  }
  await limits.signInFailuresPerPair.reset(pair);
  return context.db.$transaction((tx) => openSession(context, tx, user.id));
}

/**
 * Ends the session of the given refresh token, or of the access token in use;
 * with `everywhere`, every session of the signed-in user.
 */
export async function signOut(context: Context, refreshToken?: string | null, everywhere?: boolean | null): Promise<boolean> {
  const { viewer, db } = context;
  if (everywhere) {
    if (!viewer) throw unauthenticated("Sign in to sign out everywhere.");
    await revokeSessions(db, { userId: viewer.userId });
    return true;
  }
  if (refreshToken) {
    const session = await sessionOfRefreshToken(context, refreshToken);
    if (!session || (viewer && session.userId !== viewer.userId)) throw invalidCredentials("The refresh token is not valid.");
    await revokeSessions(db, { id: session.id });
    return true;
  }
  if (!viewer?.sessionId) throw unauthenticated("Give the refresh token of the session to end, or sign in.");
  await revokeSessions(db, { id: viewer.sessionId });
  return true;
}
