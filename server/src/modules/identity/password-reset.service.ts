// Forgotten passwords: a single-use emailed token, stored only as a hash.
import type { Context } from "../../platform/context.ts";
import { badInput } from "../../platform/errors.ts";
import { authLimits, pairKey } from "./auth.limits.ts";
import { normalizeEmail } from "./auth.service.ts";
import { checkPasswordPolicy, hashPassword } from "./passwords.ts";
import { revokeSessions } from "./session.service.ts";
import { hashSecret, newSecret } from "./tokens.ts";

/**
 * Answers the same whether or not the email is registered, so it reveals nothing. Requests count
 * per requesting address; an account gets a few mails an hour, then one more per address that has
 * not asked for it yet, so strangers can neither flood the mailbox nor use up the owner's request.
 * Every link mailed stays valid until it expires or one of them is used.
 */
export async function requestPasswordReset(context: Context, rawEmail: string): Promise<boolean> {
  const limits = authLimits(context);
  const email = normalizeEmail(rawEmail);
  await limits.perIp.consume(context.ip);
  await limits.resetRequestsPerIp.consume(context.ip);
  if (email.length > 254) return true;

  const user = await context.db.user.findUnique({ where: { email }, select: { id: true } });
  if (!user) return true;
  const [accountHasRoom, addressIsNew] = await Promise.all([
    limits.resetMailsPerAccount.tryConsume(user.id),
    limits.resetMailsPerPair.tryConsume(pairKey(context.ip, user.id)),
  ]);
  if (!accountHasRoom && !addressIsNew) return true;
  const token = newSecret();
  const ttlMinutes = context.config.passwordResetTtlMinutes;
  await context.db.$transaction(async (tx) => {
    await tx.passwordResetToken.create({
      data: { userId: user.id, tokenHash: hashSecret(token), expiresAt: new Date(Date.now() + ttlMinutes * 60_000) },
    });
    await context.mailer.enqueue(tx, {
      to: email,
      subject: "Reset your password",
      text:
        `Someone asked to reset the password of your account. If it was you, open this link within ` +
        `${ttlMinutes} minutes:\n\n${context.config.publicUrl}/reset-password?token=${token}\n\n` +
        `If it was not you, ignore this message; your password stays as it is.`,
    });
  });
  void context.mailer.deliverPending().catch((error) => context.log.warn({ err: error }, "mail delivery failed"));
  return true;
}

/** Sets a new password with a valid token, and ends every session of the account. */
export async function resetPassword(context: Context, token: string, newPassword: string): Promise<boolean> {
  checkPasswordPolicy(newPassword, "newPassword");
  const invalidToken = () => badInput({ token: "is invalid, already used or expired; ask for a new link" });
  if (token.length > 200) throw invalidToken();
  const found = await context.db.passwordResetToken.findUnique({ where: { tokenHash: hashSecret(token) } });
  if (!found || found.usedAt || found.expiresAt <= new Date()) throw invalidToken();

  const passwordHash = await hashPassword(newPassword);
  await context.db.$transaction(async (tx) => {
    const claimed = await tx.passwordResetToken.updateMany({
      where: { id: found.id, usedAt: null },
      data: { usedAt: new Date() },
    });
    if (claimed.count === 0) throw invalidToken();
    await tx.passwordResetToken.updateMany({ where: { userId: found.userId, usedAt: null }, data: { usedAt: new Date() } });
    await tx.user.update({ where: { id: found.userId }, data: { passwordHash } });
    await revokeSessions(tx, { userId: found.userId });
  });
  return true;
}
