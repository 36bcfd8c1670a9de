// The predicates every module's rules file composes: the same for sessions and API keys.
import type { GraphQLError, GraphQLResolveInfo } from "graphql";
import { allow, and, deny, or, rule } from "graphql-shield";
import type { Role } from "../generated/prisma/enums.ts";
import type { Context } from "./context.ts";
import { forbidden, unauthenticated } from "./errors.ts";

export { allow, and, deny, or, rule };

/** A graphql-shield rule, simple or composed with and/or. */
export type ShieldRule = Parameters<typeof and>[0];
/** A module's rules: per type, one rule for every field or a rule per field. */
export type RuleMap = Record<string, ShieldRule | Record<string, ShieldRule>>;

/**
 * The scopes an API key may hold, for hasScope and keysNeedScope to name: identity declares them
 * (`api-key.scopes.ts`) by adding to this interface (TypeScript declaration merging, as
 * ErrorReasons in errors.ts), since platform/ knows no module.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ApiKeyScopes {}
export type Scope = keyof ApiKeyScopes & string;

export const isSignedIn = rule("isSignedIn", { cache: "contextual" })(
  (_parent, _args, context: Context) => context.viewer !== null || unauthenticated(),
);

const rulesByName = new Map<string, ShieldRule>();

/**
 * The rule of this name, made once: graphql-shield refuses two different rules of one name, which
 * two modules composing hasRole("ADMIN") each would otherwise make.
 */
function namedRule(name: string, make: (name: string) => ShieldRule): ShieldRule {
  let named = rulesByName.get(name);
  if (!named) {
    named = make(name);
    rulesByName.set(name, named);
  }
  return named;
}

export function hasRole(...roles: Role[]): ShieldRule {
  return namedRule(`hasRole:${roles.join(",")}`, (name) =>
    rule(name, { cache: "contextual" })((_parent, _args, context: Context) => {
      if (!context.viewer) return unauthenticated();
      return roles.includes(context.viewer.role) || forbidden(`This needs the ${roles.join(" or ")} role.`);
    }),
  );
}

/**
 * A field inside what a mutation returns, not a root field. The mutation's own rule let the
 * caller run it, so the caller must be able to read its answer: refusing that answer after the
 * write committed would hide what was done.
 */
function isInMutationResult(info: GraphQLResolveInfo): boolean {
  return info.operation.operation === "mutation" && info.path.prev !== undefined;
}

/**
 * The cache of rules whose verdict differs between a mutation's root fields and its result:
 * decided once per request and part of the operation. schema.ts relieves these rules too.
 */
export const perOperationPart = (_parent: unknown, _args: unknown, _context: unknown, info: GraphQLResolveInfo) =>
  isInMutationResult(info) ? "mutation-result" : "operation";

function apiKeyMayUse(context: Context, info: GraphQLResolveInfo, scope: Scope): true | GraphQLError {
  const key = context.viewer?.apiKey;
  if (!key) return true;
  const scopes = isInMutationResult(info) ? key.resultScopes : key.scopes;
  return scopes.includes(scope) || forbidden(`This API key lacks the ${scope} scope.`);
}

/**
 * Sessions may do what their role allows; an API key only what its scopes also allow, and
 * what a mutation it was allowed to run returns with the reads its scopes imply.
 */
export function hasScope(scope: Scope): ShieldRule {
  return namedRule(`hasScope:${scope}`, (name) =>
    rule(name, { cache: perOperationPart })((_parent, _args, context: Context, info) => {
      if (!context.viewer) return unauthenticated();
      return apiKeyMayUse(context, info, scope);
    }),
  );
}

/** Anyone, anonymous included; an API key as hasScope allows it. */
export function keysNeedScope(scope: Scope): ShieldRule {
  return namedRule(`keysNeedScope:${scope}`, (name) =>
    rule(name, { cache: perOperationPart })((_parent, _args, context: Context, info) => apiKeyMayUse(context, info, scope)),
  );
}

const API_KEYS_REFUSED = "API keys cannot do this; sign in as a person.";

/** For account management that an API key must never do (keys, passwords, sessions). */
export const isPersonalSession = rule("isPersonalSession", { cache: "contextual" })(
  (_parent, _args, context: Context) => {
    if (!context.viewer) return unauthenticated();
    return !context.viewer.apiKey || forbidden(API_KEYS_REFUSED);
  },
);

/** For signing in and out and for passwords: anyone, anonymous included, but not through an API key. */
export const isNotApiKey = rule("isNotApiKey", { cache: "contextual" })(
  (_parent, _args, context: Context) => !context.viewer?.apiKey || forbidden(API_KEYS_REFUSED),
);

declare module "./errors.ts" {
  interface ErrorReasons {
    /** FORBIDDEN: the request is an admin's read-only support view of another account. */
    SUPPORT_VIEW_READ_ONLY: "platform";
  }
}

/** Every mutation's first rule (schema.ts), but those a module lets a support view run: it changes nothing. */
export const changesAllowed = rule("changesAllowed", { cache: "contextual" })(
  (_parent, _args, context: Context) =>
    !context.viewer?.supportView ||
    forbidden("This is a read-only support view of someone else's account: nothing can be changed in it.", { reason: "SUPPORT_VIEW_READ_ONLY" }),
);

/** The refusal for a field no rule speaks of. */
export function fallbackError(_error: unknown, _parent: unknown, _args: unknown, context: unknown) {
  return (context as Context).viewer ? forbidden() : unauthenticated();
}

export const everyone = allow;
export const nobody = deny;
