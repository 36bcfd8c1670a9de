// Proving that an account's owner reads its mailbox: a mailed single-use link, stored only as a hash.
import type { User } from "../../generated/prisma/client.ts";
import type { Context } from "../../platform/context.ts";
import type { Transaction } from "../../platform/db.ts";
import { badInput, conflict, forbidden } from "../../platform/errors.ts";
import { authLimits } from "./auth.limits.ts";
import { hashSecret, newSecret } from "./tokens.ts";
import { userById } from "./user.loaders.ts";
import { getUser } from "./user.service.ts";

/** Long enough for a mail read the next day. */
const LINK_TTL_HOURS = 24;
const HOUR_MS = 3_600_000;

const INVALID_LINK = "This verification link is not valid: it was already used, it has expired, or it was copied incompletely.";

/** Queues a new link inside the caller's transaction, so the mail exists only if the work commits. */
export async function enqueueVerificationMail(context: Context, tx: Transaction, user: Pick<User, "id" | "email">): Promise<void> {
  const token = newSecret();
  await tx.emailVerificationToken.create({
    data: { userId: user.id, tokenHash: hashSecret(token), expiresAt: new Date(Date.now() + LINK_TTL_HOURS * HOUR_MS) },
  });
  await context.mailer.enqueue(tx, {
    to: user.email,
    subject: "Verify your email address",
    text:
      `To confirm that this address is yours, open this link within ${LINK_TTL_HOURS} hours:\n\n` +
      `${context.config.publicUrl}/verify-email?token=${token}\n\n` +
      `If you did not create an account with this address, ignore this message.`,
  });
}

/** Sends what the caller's committed transaction queued; a failure is retried by the next delivery. */
export function deliverQueuedMail(context: Context): void {
  void context.mailer.deliverPending().catch((error) => context.log.warn({ err: error }, "mail delivery failed"));
}

/**
 * Anyone holding a valid link may use it: the token is the proof. It marks the address verified
 * and retires every link of the account. A bad token writes nothing.
 */
export async function verifyEmail(context: Context, token: string): Promise<User> {
  const invalidLink = () => badInput({ token: INVALID_LINK }, INVALID_LINK);
  if (token.length > 200) throw invalidLink();
  const found = await context.db.emailVerificationToken.findUnique({ where: { tokenHash: hashSecret(token) } });
  if (!found || found.usedAt || found.expiresAt <= new Date()) throw invalidLink();

  await context.db.$transaction(async (tx) => {
    const usedAt = new Date();
    const claimed = await tx.emailVerificationToken.updateMany({ where: { id: found.id, usedAt: null }, data: { usedAt } });
    if (claimed.count === 0) throw invalidLink();
    await tx.emailVerificationToken.updateMany({ where: { userId: found.userId, usedAt: null }, data: { usedAt } });
    await tx.user.update({ where: { id: found.userId }, data: { emailVerified: true } });
  });
  context.loader(userById).clear(found.userId);
  return getUser(context, found.userId);
}

/**
 * A new link for the signed-in owner; earlier links stay valid until they expire or one is used.
 * Counted per account and per source address; only the owner can ask, so no stranger spends
 * the owner's count.
 */
export async function resendEmailVerification(context: Context): Promise<boolean> {
  const user = await getUser(context, context.viewer!.userId);
  if (user.emailVerified) throw conflict("Your email address is already verified.", { reason: "EMAIL_ALREADY_VERIFIED" });
  const limits = authLimits(context);
  await limits.verificationMailsPerIp.consume(context.ip);
  await limits.verificationMailsPerAccount.consume(user.id);
  await context.db.$transaction((tx) => enqueueVerificationMail(context, tx, user));
  deliverQueuedMail(context);
  return true;
}

/** For what an unverified account may not do yet (applying to teach): FORBIDDEN, saying where the link went. */
export async function requireVerifiedEmail(context: Context): Promise<void> {
  const user = await getUser(context, context.viewer!.userId);
  if (!user.emailVerified) {
    throw forbidden(
      `Verify your email address first: we sent a link to ${user.email}. Open it, or ask for a new one on your profile page.`,
      { reason: "EMAIL_NOT_VERIFIED" },
    );
  }
}
