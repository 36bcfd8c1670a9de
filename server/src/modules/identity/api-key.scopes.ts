// What a partner API key may be allowed to do; the shield rules name these with hasScope().
export const API_KEY_SCOPES = [
  "catalog:read",
  "courses:write",
  "enrollments:read",
  "enrollments:write",
  "progress:read",
  "analytics:read",
  "payments:read",
] as const;

export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

export const isApiKeyScope = (value: string): value is ApiKeyScope => (API_KEY_SCOPES as readonly string[]).includes(value);
