// Partner API keys: created with scopes, shown once, stored as a hash, revocable.
import type { ApiKey } from "../../generated/prisma/client.ts";
import type { Context, Viewer } from "../../platform/context.ts";
import { badInput, conflict, invalidCredentials, notFound } from "../../platform/errors.ts";
import type { Platform } from "../../platform/platform.ts";
import { isApiKeyScope, mutationResultScopes } from "./api-key.scopes.ts";
import { hashSecret, newSecret } from "./tokens.ts";

/** Secrets start with this, so they are recognisable in logs and secret scanners. */
export const API_KEY_PREFIX = "lms_";
/** How much of the secret is kept in clear, to tell keys apart in a list. */
const VISIBLE_PREFIX_LENGTH = API_KEY_PREFIX.length + 6;
const NAME_MAX = 80;
const ACTIVE_KEYS_MAX = 20;
/** lastUsedAt is a hint for people, not an audit log: one write a minute per key is enough. */
const LAST_USED_RESOLUTION_MS = 60_000;

export const isApiKeySecret = (token: string) => token.startsWith(API_KEY_PREFIX);

function parseName(raw: string): string {
  const name = raw.trim();
  if (!name || name.length > NAME_MAX) throw badInput({ name: `must be 1 to ${NAME_MAX} characters long` });
  return name;
}

function parseScopes(raw: string[]): string[] {
  const unknown = raw.filter((scope) => !isApiKeyScope(scope));
  if (unknown.length) throw badInput({ scopes: `unknown scope ${JSON.stringify(unknown[0].slice(0, 40))}` });
  if (!raw.length) throw badInput({ scopes: "must name at least one scope" });
  return [...new Set(raw)];
}

export async function createApiKey(context: Context, rawName: string, rawScopes: string[]): Promise<{ apiKey: ApiKey; secret: string }> {
  const userId = context.viewer!.userId;
  const name = parseName(rawName);
  const scopes = parseScopes(rawScopes);
  const secret = `${API_KEY_PREFIX}${newSecret()}`;
  const apiKey = await context.db.$transaction(async (tx) => {
    // Locking the owner's row serialises concurrent creations, so the cap holds.
    await tx.$queryRaw`SELECT id FROM users WHERE id = ${userId}::uuid FOR UPDATE`;
    const active = await tx.apiKey.count({ where: { userId, revokedAt: null } });
    if (active >= ACTIVE_KEYS_MAX) throw conflict(`You already have ${ACTIVE_KEYS_MAX} active API keys; revoke one first.`, {
        reason: "API_KEY_LIMIT_REACHED",
      });
    return tx.apiKey.create({
      data: { userId, name, scopes, prefix: secret.slice(0, VISIBLE_PREFIX_LENGTH), secretHash: hashSecret(secret) },
    });
  });
  return { apiKey, secret };
}

export function listOwnApiKeys(context: Context): Promise<ApiKey[]> {
  return context.db.apiKey.findMany({ where: { userId: context.viewer!.userId }, orderBy: { id: "desc" } });
}

/** Revoking twice answers the key as it is: the caller's intent is already fulfilled. */
export async function revokeApiKey(context: Context, id: string): Promise<ApiKey> {
  const userId = context.viewer!.userId;
  await context.db.apiKey.updateMany({ where: { id, userId, revokedAt: null }, data: { revokedAt: new Date() } });
  const key = await context.db.apiKey.findFirst({ where: { id, userId } });
  if (!key) throw notFound("API key");
  return key;
}

/** Query.node: a key is visible to its owner only. */
export async function findOwnApiKey(context: Context, id: string): Promise<ApiKey | null> {
  if (!context.viewer) return null;
  return context.db.apiKey.findFirst({ where: { id, userId: context.viewer.userId } });
}

/** The viewer behind an API key secret; revoked or unknown keys are refused outright. */
export async function authenticateApiKey(platform: Platform, secret: string): Promise<Viewer> {
  const key = await platform.db.apiKey.findUnique({
    where: { secretHash: hashSecret(secret) },
    select: { id: true, scopes: true, revokedAt: true, lastUsedAt: true, user: { select: { id: true, role: true } } },
  });
  if (!key || key.revokedAt) throw invalidCredentials("The API key is invalid or has been revoked.");
  const now = Date.now();
  if (!key.lastUsedAt || now - key.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
    await platform.db.apiKey.updateMany({
      where: { id: key.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(now - LAST_USED_RESOLUTION_MS) } }] },
      data: { lastUsedAt: new Date(now) },
    });
  }
  return { userId: key.user.id, role: key.user.role, apiKey: { id: key.id, scopes: key.scopes, resultScopes: mutationResultScopes(key.scopes) } };
}
