// Signing up, in and out.
import type { Context } from "../../platform/context.ts";
import { isUniqueViolation } from "../../platform/db.ts";
import { isEmail } from "class-validator";
import { badInput, conflict, invalidCredentials, unauthenticated } from "../../platform/errors.ts";
import type { SignInInput, SignUpInput } from "./auth.type.ts";
import { checkPasswordPolicy, hashPassword, MAX_PASSWORD_LENGTH, verifyPassword } from "./passwords.ts";
import { openSession, revokeSessions, sessionOfRefreshToken, type IssuedSession } from "./session.service.ts";
import { authLimits } from "./auth.limits.ts";

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** The normalized address, or BAD_USER_INPUT naming `field`. */
export function parseEmail(raw: string, field = "email"): string {
  const email = normalizeEmail(raw);
  if (!isEmail(email)) throw badInput({ [field]: "must be an email address" });
  return email;
}

export async function signUp(context: Context, input: SignUpInput): Promise<IssuedSession> {
  await authLimits(context).perIp.consume(context.ip);
  const email = parseEmail(input.email);
  checkPasswordPolicy(input.password);
  const passwordHash = await hashPassword(input.password);
  try {
    return await context.db.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { email, passwordHash, profile: { create: { displayName: input.displayName.trim() } } },
      });
      return openSession(context, tx, user.id);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict("This email is already registered.", { email: "is already registered" });
    throw error;
  }
}

const wrongCredentials = () => invalidCredentials("Email or password is incorrect.");

export async function signIn(context: Context, input: SignInInput): Promise<IssuedSession> {
  const limits = authLimits(context);
  const email = normalizeEmail(input.email);
  await limits.perIp.consume(context.ip);
  await limits.failuresPerAccount.check(email);
  if (input.password.length > MAX_PASSWORD_LENGTH) throw wrongCredentials();

  const user = await context.db.user.findUnique({ where: { email }, select: { id: true, passwordHash: true } });
  if (!(await verifyPassword(user?.passwordHash ?? null, input.password)) || !user) {
    await limits.failuresPerAccount.consume(email);
    throw wrongCredentials();
  }
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
