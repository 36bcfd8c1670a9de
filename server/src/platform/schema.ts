// Builds the API schema from the modules: types, global ids, then authorization on every field.
import {
  defaultFieldResolver,
  isObjectType,
  lexicographicSortSchema,
  printSchema,
  type GraphQLFieldResolver,
  type GraphQLSchema,
} from "graphql";
import { applyMiddleware } from "graphql-middleware";
import { shield } from "graphql-shield";
import { DateTimeResolver } from "graphql-scalars";
import { buildSchema } from "type-graphql";
import { validateArgument } from "./argument-validation.ts";
import { allow, and, changesAllowed, deny, fallbackError, perOperationPart, type RuleMap, type ShieldRule } from "./authorization.ts";

type ShieldOptions = NonNullable<Parameters<typeof shield>[1]>;
import type { Context } from "./context.ts";
import { toGlobalId } from "./ids.ts";
import { checkTextArguments } from "./input-text.ts";
import { PlatformFeaturesResolver } from "./features.ts";
import type { Module } from "./module.ts";
import { NodeResolver } from "./node.ts";
import type { EventBus } from "./pubsub.ts";

/**
 * The platform's own fields, and structural types whose access is decided by the field that
 * returns them. Which features are on is public: an anonymous visitor's page hides the entry points
 * too. Only for the types the schema has: the middleware refuses rules for others (a test's small schema).
 */
function platformRules(schema: GraphQLSchema): RuleMap {
  const reportsFeatures = schema.getType("PlatformFeatures") !== undefined;
  return {
    Query: { node: allow, ...(reportsFeatures ? { platformFeatures: allow } : {}) },
    ...(reportsFeatures ? { PlatformFeatures: allow } : {}),
    ...(schema.getType("PageInfo") ? { PageInfo: allow } : {}),
  };
}

export async function buildTypeSchema(modules: Module[], events: EventBus): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: [NodeResolver, PlatformFeaturesResolver, ...modules.flatMap((module) => module.resolvers)] as [Function, ...Function[]],
    scalarsMap: [{ type: Date, scalar: DateTimeResolver }],
    pubSub: events,
    validateFn: validateArgument,
  });
  exposeGlobalIds(schema);
  return schema;
}

/** Every Node's `id` field answers the opaque global id of the row's database id. */
function exposeGlobalIds(schema: GraphQLSchema): void {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || !type.getInterfaces().some((i) => i.name === "Node")) continue;
    const field = type.getFields().id;
    const typeName = type.name;
    field.resolve = (source: { id: string }) => toGlobalId(typeName, source.id);
  }
}

const isFieldMap = (value: unknown): value is Record<string, ShieldRule> =>
  typeof value === "object" && value !== null && !("resolve" in value);

/** A type's rules as a field map: a type-wide rule becomes the default (`*`) of the fields that have none. */
const asFieldMap = (rules: ShieldRule | Record<string, ShieldRule>): Record<string, ShieldRule> =>
  isFieldMap(rules) ? rules : { "*": rules };

/**
 * Merges the modules' rule maps. A module may add fields to another module's type, federation-style,
 * with rules for just those fields: the type's owner gives its type-wide rule, which stays the
 * default of every other field. A field, or a type's default, claimed by two modules is a
 * programming error.
 */
export function mergeRules(ruleMaps: RuleMap[]): RuleMap {
  const merged: Record<string, Record<string, ShieldRule> | ShieldRule> = {};
  for (const map of ruleMaps) {
    for (const [typeName, rules] of Object.entries(map)) {
      const existing = merged[typeName];
      if (existing === undefined) {
        merged[typeName] = isFieldMap(rules) ? { ...rules } : rules;
        continue;
      }
      const fields = { ...asFieldMap(existing) };
      for (const [field, rule] of Object.entries(asFieldMap(rules))) {
        if (field in fields) {
          throw new Error(field === "*" ? `Rules for all of ${typeName} are declared twice` : `Rule for ${typeName}.${field} is declared twice`);
        }
        fields[field] = rule;
      }
      merged[typeName] = fields;
    }
  }
  return merged as RuleMap;
}

/** Every rule the shield applies, by type and field: the platform's and the modules'. */
export function schemaRules(schema: GraphQLSchema, modules: Module[]): RuleMap {
  const rules = mergeRules([platformRules(schema), ...modules.map((module) => module.rules)]);
  return { ...rules, ...readOnlyInSupportViews(rules, new Set(modules.flatMap((module) => module.supportViewMutations ?? []))) };
}

/** Mutations whose rule first checks that the request may change something (authorization.ts, changesAllowed). */
function readOnlyInSupportViews(rules: RuleMap, allowed: ReadonlySet<string>): RuleMap {
  const mutations = rules.Mutation;
  if (mutations === undefined) return {};
  const guarded = Object.entries(asFieldMap(mutations)).map(([field, rule]) => [field, allowed.has(field) ? rule : and(changesAllowed, rule)]);
  return { Mutation: Object.fromEntries(guarded) };
}

export function authorize(schema: GraphQLSchema, modules: Module[]): GraphQLSchema {
  const rules = schemaRules(schema, modules);
  const options = {
    fallbackRule: deny,
    fallbackError,
    allowExternalErrors: true,
    debug: false,
  } satisfies ShieldOptions;
  const guarded = applyMiddleware(schema, shield(rules, options));
  relieveShield(schema, guarded, rules, options);
  guardSubscriptions(guarded, rules, options);
  checkTextArguments(guarded);
  return guarded;
}

/** The rule the shield applies to a field: its own, else its type's `*` or type-wide rule. */
function ruleOf(rules: RuleMap, typeName: string, fieldName: string): ShieldRule | undefined {
  const typeRules = rules[typeName];
  if (typeRules === undefined || "resolve" in typeRules) return typeRules as ShieldRule | undefined;
  const fieldRules = typeRules as Record<string, ShieldRule>;
  return fieldRules[fieldName] ?? fieldRules["*"];
}

/**
 * Whether a rule reads only the request (the viewer), so it decides alike for every field it
 * guards in a query. In a mutation, perOperationPart rules decide its result apart from its root fields.
 */
function isPerRequest(rule: ShieldRule): boolean {
  if ("getRules" in rule) return rule.getRules().every(isPerRequest);
  const cache = (rule as { cache?: unknown }).cache;
  return cache === "contextual" || cache === perOperationPart;
}

/**
 * The shield's async wrapper on each of the thousands of fields of a catalog page cost more CPU
 * than the rest of the page, so where it can decide nothing new the field calls its own resolver:
 * - a field whose rule is `allow` always does;
 * - a field whose rule is per-request does once that rule has allowed the request (the shield
 *   caches its verdict per request anyway). Until then, and when it refuses, the shield answers.
 * Mutations are few fields, and a verdict on a mutation's result must not carry over to a later
 * root field of the same mutation: the shield decides all of their fields.
 */
function relieveShield(original: GraphQLSchema, guarded: GraphQLSchema, rules: RuleMap, options: ShieldOptions): void {
  const allowedRules = new WeakMap<object, Set<ShieldRule>>();
  for (const type of Object.values(guarded.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith("__") || type === guarded.getSubscriptionType()) continue;
    const originalType = original.getType(type.name);
    if (!isObjectType(originalType)) continue;
    const originalFields = originalType.getFields();
    for (const field of Object.values(type.getFields())) {
      const rule = ruleOf(rules, type.name, field.name);
      const ownResolve = originalFields[field.name].resolve;
      if (rule === allow) {
        field.resolve = ownResolve;
        continue;
      }
      if (rule === undefined || !isPerRequest(rule)) continue;
      const shielded = field.resolve!;
      const own = ownResolve ?? (defaultFieldResolver as GraphQLFieldResolver<unknown, unknown>);
      field.resolve = (source, args, context: Context & { _shield?: object }, info) => {
        if (info.operation.operation === "mutation") return shielded(source, args, context, info);
        if (allowedRules.get(context)?.has(rule)) return own(source, args, context, info);
        context._shield ??= { cache: {} };
        const verdict = rule.resolve(source as object, args, context as never, info, options as never).catch(() => false);
        return verdict.then((result) => {
          if (result !== true) return shielded(source, args, context, info);
          if (!allowedRules.has(context)) allowedRules.set(context, new Set());
          allowedRules.get(context)!.add(rule);
          return own(source, args, context, info);
        });
      };
    }
  }
}

/**
 * graphql-middleware wraps only the `resolve` step of a subscription (each event), so a
 * refused subscriber would still be subscribed. Check the same rule before subscribing.
 */
function guardSubscriptions(schema: GraphQLSchema, rules: RuleMap, options: ShieldOptions & { fallbackRule: ShieldRule }): void {
  const subscriptionType = schema.getSubscriptionType();
  if (!subscriptionType) return;
  const fieldRules = (rules.Subscription ?? {}) as Record<string, ShieldRule>;
  for (const field of Object.values(subscriptionType.getFields())) {
    const rule = fieldRules[field.name] ?? options.fallbackRule;
    const subscribe = field.subscribe ?? (defaultFieldResolver as GraphQLFieldResolver<unknown, unknown>);
    field.subscribe = async (source, args, context: Context & { _shield?: object }, info) => {
      context._shield ??= { cache: {} };
      const verdict = await rule.resolve(source as object, args, context as never, info, options as never);
      if (verdict !== true) {
        throw verdict instanceof Error ? verdict : fallbackError(null, source, args, context);
      }
      return subscribe(source, args, context, info);
    };
  }
}

/** The SDL committed as schema/schema.graphql: sorted, so diffs show only real changes. */
export function printApiSchema(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
