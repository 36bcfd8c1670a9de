// Access tokens (short-lived JWTs naming user and session) and opaque secrets stored only as hashes.
import { createHash, randomBytes } from "node:crypto";
import { jwtVerify, SignJWT } from "jose";

const ISSUER = "lms";

export interface AccessClaims {
  userId: string;
  sessionId: string;
  /** A support view's token: userId is the account shown, sessionId the admin's session. */
  supportViewId?: string;
}

export interface IssuedAccessToken {
  token: string;
  expiresAt: Date;
}

const keys = new Map<string, Uint8Array>();
const keyOf = (secret: string) => {
  let key = keys.get(secret);
  if (!key) keys.set(secret, (key = new TextEncoder().encode(secret)));
  return key;
};

export async function issueAccessToken(claims: AccessClaims, secret: string, ttlSeconds: number): Promise<IssuedAccessToken> {
  const expiresAt = new Date(Math.floor(Date.now() / 1000 + ttlSeconds) * 1000);
  const token = await new SignJWT({ sid: claims.sessionId, ...(claims.supportViewId ? { svid: claims.supportViewId } : {}) })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(claims.userId)
    .setIssuer(ISSUER)
    .setIssuedAt()
    .setExpirationTime(expiresAt)
    .sign(keyOf(secret));
  return { token, expiresAt };
}

/** The claims of a valid, unexpired token; null for anything else. */
export async function verifyAccessToken(token: string, secret: string): Promise<AccessClaims | null> {
  try {
    const { payload } = await jwtVerify(token, keyOf(secret), { algorithms: ["HS256"], issuer: ISSUER });
    if (typeof payload.sub !== "string" || typeof payload.sid !== "string") return null;
    if (payload.svid !== undefined && typeof payload.svid !== "string") return null;
    return { userId: payload.sub, sessionId: payload.sid, ...(payload.svid ? { supportViewId: payload.svid } : {}) };
  } catch {
    return null;
  }
}

/** 256 random bits, URL-safe. */
export function newSecret(): string {
  return randomBytes(32).toString("base64url");
}

export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}
