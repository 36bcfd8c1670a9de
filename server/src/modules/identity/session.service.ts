// Sessions: a signed-in device with rotating refresh tokens, and the access tokens naming it.
import type { Context } from "../../platform/context.ts";
import type { Transaction } from "../../platform/db.ts";
import { invalidCredentials } from "../../platform/errors.ts";
import type { Platform } from "../../platform/platform.ts";
import { hashSecret, issueAccessToken, newSecret } from "./tokens.ts";

const DAY_MS = 86_400_000;

export interface IssuedSession {
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
  userId: string;
  sessionId: string;
}

function refreshExpiry(platform: Platform): Date {
  return new Date(Date.now() + platform.config.refreshTokenTtlDays * DAY_MS);
}

async function tokensFor(platform: Platform, userId: string, sessionId: string, refreshToken: string): Promise<IssuedSession> {
  const access = await issueAccessToken({ userId, sessionId }, platform.config.jwtSecret, platform.config.accessTokenTtlSeconds);
  return { accessToken: access.token, accessTokenExpiresAt: access.expiresAt, refreshToken, userId, sessionId };
}

/** Opens a session for a user whose identity was just proven, inside the caller's transaction. */
export async function openSession(context: Context, tx: Transaction, userId: string): Promise<IssuedSession> {
  const refreshToken = newSecret();
  const session = await tx.session.create({
    data: {
      userId,
      expiresAt: refreshExpiry(context),
      userAgent: context.userAgent?.slice(0, 500),
      ip: context.ip,
      refreshTokens: { create: { tokenHash: hashSecret(refreshToken) } },
    },
  });
  return tokensFor(context, userId, session.id, refreshToken);
}

const sessionEnded = () => invalidCredentials("The session has ended; sign in again.");

/**
 * Trades a refresh token for a new pair. Each token works once: presenting a retired one
 * means it was copied, so the whole session is revoked.
 */
export async function rotateRefreshToken(context: Context, refreshToken: string): Promise<IssuedSession> {
  const { db } = context;
  const presented = await db.refreshToken.findUnique({
    where: { tokenHash: hashSecret(refreshToken) },
    include: { session: true },
  });
  if (!presented) throw invalidCredentials("The refresh token is not valid.");
  const { session } = presented;
  if (session.revokedAt || session.expiresAt <= new Date()) throw sessionEnded();

  const next = newSecret();
  const rotated = await db.$transaction(async (tx) => {
    const retired = await tx.refreshToken.updateMany({
      where: { id: presented.id, retiredAt: null },
      data: { retiredAt: new Date() },
    });
    if (retired.count === 0) return false;
    await tx.refreshToken.create({ data: { sessionId: session.id, tokenHash: hashSecret(next) } });
    await tx.session.update({
      where: { id: session.id },
      data: { lastUsedAt: new Date(), expiresAt: refreshExpiry(context) },
    });
    return true;
  });
  if (!rotated) {
    await revokeSessions(db, { id: session.id });
    context.log.warn({ sessionId: session.id, userId: session.userId }, "refresh token reused; session revoked");
    throw invalidCredentials("This refresh token was already used; the session has been revoked for safety.");
  }
  return tokensFor(context, session.userId, session.id, next);
}

/** Revokes the sessions matching `where` that are still open. */
export async function revokeSessions(
  db: Transaction | Platform["db"],
  where: { id?: string; userId?: string },
): Promise<number> {
  const result = await db.session.updateMany({ where: { ...where, revokedAt: null }, data: { revokedAt: new Date() } });
  return result.count;
}

/** The session a refresh token belongs to, whether or not the token is retired. */
export async function sessionOfRefreshToken(context: Context, refreshToken: string) {
  const token = await context.db.refreshToken.findUnique({
    where: { tokenHash: hashSecret(refreshToken) },
    select: { session: { select: { id: true, userId: true } } },
  });
  return token?.session ?? null;
}
