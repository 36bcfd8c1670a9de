// Who is asking: the viewer behind an Authorization header (an access token or a partner API key),
// with the role read fresh from the database.
import type { Role } from "../../generated/prisma/client.ts";
import type { Viewer } from "../../platform/context.ts";
import { Prisma, readRows } from "../../platform/db.ts";
import { invalidCredentials } from "../../platform/errors.ts";
import type { Platform } from "../../platform/platform.ts";
import { authenticateApiKey, isApiKeySecret } from "./api-key.service.ts";
import { authenticateSupportView } from "./support-view.service.ts";
import { verifyAccessToken } from "./tokens.ts";

/**
 * Null when no credentials are sent. Invalid, expired or revoked ones are refused outright
 * (HTTP 401), never treated as anonymous, so clients know to refresh.
 */
export async function authenticateBearer(platform: Platform, header: string | undefined): Promise<Viewer | null> {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  if (!match) throw invalidCredentials("The Authorization header must be 'Bearer <token>'.");
  if (isApiKeySecret(match[1])) return authenticateApiKey(platform, match[1]);
  const claims = await verifyAccessToken(match[1], platform.config.jwtSecret);
  if (!claims) throw invalidCredentials("The access token is invalid or has expired.");
  if (claims.supportViewId) return authenticateSupportView(platform, claims.supportViewId, claims);
  // One statement on every signed-in request: the session's state and the user's current role.
  const [session] = await readRows<{ userId: string; role: Role; revoked: boolean }>(platform.db, Prisma.sql`
    SELECT u.id AS "userId", u.role::text AS role, s.revoked_at IS NOT NULL AS revoked
    FROM sessions s JOIN users u ON u.id = s.user_id
    WHERE s.id = ${claims.sessionId}::uuid`);
  if (!session || session.revoked || session.userId !== claims.userId) {
    throw invalidCredentials("The session has ended; sign in again.");
  }
  return { userId: session.userId, role: session.role, sessionId: claims.sessionId };
}
