// When a person signed in: each sign-in (and the sign-up) opens a session, used until it expires
// or is revoked. Later modules read it as evidence of use (billing: a disputed payment's evidence).
import type { Context } from "../../platform/context.ts";

export interface SignInRecord {
  /** When the session was opened: the sign-in. */
  at: Date;
  /** The last time the session was refreshed. */
  lastUsedAt: Date;
  revokedAt: Date | null;
  ip: string | null;
  userAgent: string | null;
}

/** A user's sign-ins, newest first, at most `limit`. */
export async function signInsOf(context: Pick<Context, "db">, userId: string, { limit = 100 }: { limit?: number } = {}): Promise<SignInRecord[]> {
  const sessions = await context.db.session.findMany({
    where: { userId },
    select: { createdAt: true, lastUsedAt: true, revokedAt: true, ip: true, userAgent: true },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
  });
  return sessions.map(({ createdAt, ...rest }) => ({ at: createdAt, ...rest }));
}
