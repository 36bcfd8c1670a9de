// The predicates every module's rules file composes: the same for sessions and API keys.
import { allow, and, deny, or, rule } from "graphql-shield";
import type { Role } from "../generated/prisma/enums.ts";
import type { Context } from "./context.ts";
import { forbidden, unauthenticated } from "./errors.ts";

export { allow, and, deny, or, rule };

/** A graphql-shield rule, simple or composed with and/or. */
export type ShieldRule = Parameters<typeof and>[0];
/** A module's rules: per type, one rule for every field or a rule per field. */
export type RuleMap = Record<string, ShieldRule | Record<string, ShieldRule>>;

export const isSignedIn = rule("isSignedIn", { cache: "contextual" })(
  (_parent, _args, context: Context) => context.viewer !== null || unauthenticated(),
);

export function hasRole(...roles: Role[]) {
  return rule(`hasRole:${roles.join(",")}`, { cache: "contextual" })((_parent, _args, context: Context) => {
    if (!context.viewer) return unauthenticated();
    return roles.includes(context.viewer.role) || forbidden(`This needs the ${roles.join(" or ")} role.`);
  });
}

/** Sessions may do what their role allows; an API key only what its scopes also allow. */
export function hasScope(scope: string) {
  return rule(`hasScope:${scope}`, { cache: "contextual" })((_parent, _args, context: Context) => {
    if (!context.viewer) return unauthenticated();
    const key = context.viewer.apiKey;
    return !key || key.scopes.includes(scope) || forbidden(`This API key lacks the ${scope} scope.`);
  });
}

/** For account management that an API key must never do (keys, passwords, sessions). */
export const isPersonalSession = rule("isPersonalSession", { cache: "contextual" })(
  (_parent, _args, context: Context) => {
    if (!context.viewer) return unauthenticated();
    return !context.viewer.apiKey || forbidden("API keys cannot do this; sign in as a person.");
  },
);

/** The refusal for a field no rule speaks of. */
export function fallbackError(_error: unknown, _parent: unknown, _args: unknown, context: unknown) {
  return (context as Context).viewer ? forbidden() : unauthenticated();
}

export const everyone = allow;
export const nobody = deny;
