// Who may do what to an entity, declared once per entity (`<entity>.policy.ts`) from small named
// predicates, and asked by the services (`authorize`, `may`) and the shield rules (`policyRule`) alike.
import { rule } from "graphql-shield";
import type { ShieldRule } from "./authorization.ts";
import type { Context } from "./context.ts";
import { forbidden, type ErrorReason } from "./errors.ts";

/** A question about the viewer and one subject (a row). Reads go through the request's DataLoaders. */
export type Predicate<S> = (context: Context, subject: S) => boolean | Promise<boolean>;

/** Yes when one of the predicates says yes, asked in order until one does. */
export function anyOf<S>(...predicates: Predicate<S>[]): Predicate<S> {
  return async (context, subject) => {
    for (const predicate of predicates) if (await predicate(context, subject)) return true;
    return false;
  };
}

/** Yes when every predicate says yes, asked in order until one says no. */
export function allOf<S>(...predicates: Predicate<S>[]): Predicate<S> {
  return async (context, subject) => {
    for (const predicate of predicates) if (!(await predicate(context, subject))) return false;
    return true;
  };
}

/** One thing a policy decides (edit a course, watch a video), and how its refusal reads. */
export interface Action<S> {
  allows: Predicate<S>;
  /** The FORBIDDEN refusal `authorize` throws; a reason clients may branch on. */
  refusal: { message: string; reason?: ErrorReason };
}

export async function may<S>(context: Context, action: Action<S>, subject: S): Promise<boolean> {
  return action.allows(context, subject);
}

/** The subject when the action allows it, else the action's FORBIDDEN refusal (`message` words it for this use). */
export async function authorize<S>(context: Context, action: Action<S>, subject: S, message = action.refusal.message): Promise<S> {
  if (!(await action.allows(context, subject))) throw forbidden(message, { reason: action.refusal.reason });
  return subject;
}

/**
 * A shield rule asking a policy about the subject a field is resolved on (or that its arguments
 * name): the same answer the services get. Not cached by the shield: its verdict differs per
 * subject, and hashing every parent row (the shield's `strict` cache) costs more than asking
 * again, whose reads the request's DataLoaders answer from memory.
 */
export function policyRule<S>(
  name: string,
  action: Action<S>,
  subjectOf: (parent: unknown, args: Record<string, unknown>, context: Context) => S | Promise<S>,
): ShieldRule {
  return rule(name, { cache: "no_cache" })(async (parent, args, context: Context) => {
    if (await action.allows(context, await subjectOf(parent, args, context))) return true;
    return forbidden(action.refusal.message, { reason: action.refusal.reason });
  });
}
