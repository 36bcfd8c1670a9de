// What a partner API key may be allowed to do; the shield rules name these with hasScope() and keysNeedScope().
export const API_KEY_SCOPES = [
  "catalog:read",
  "courses:write",
  "enrollments:read",
  "enrollments:write",
  "progress:read",
  "analytics:read",
  "payments:read",
  "webhooks:manage",
  "learning-records:read",
] as const;

export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

// The scopes hasScope() and keysNeedScope() accept: only these.
declare module "../../platform/authorization.ts" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface ApiKeyScopes extends Record<ApiKeyScope, true> {}
}

export const isApiKeyScope = (value: string): value is ApiKeyScope => (API_KEY_SCOPES as readonly string[]).includes(value);

/**
 * Reads a write scope implies inside the result of a mutation it runs, so a key never gets a
 * refusal for the answer to a write that committed (a course it created, an upload it started).
 */
const IMPLIED_IN_MUTATION_RESULTS: Partial<Record<ApiKeyScope, readonly ApiKeyScope[]>> = {
  "courses:write": ["catalog:read"],
  "enrollments:write": ["enrollments:read", "catalog:read"],
  // A webhook endpoint answers with its course.
  "webhooks:manage": ["catalog:read"],
};

export function mutationResultScopes(scopes: readonly string[]): string[] {
  const implied = scopes.flatMap((scope) => (isApiKeyScope(scope) ? (IMPLIED_IN_MUTATION_RESULTS[scope] ?? []) : []));
  return [...new Set([...scopes, ...implied])];
}
