// Which changes between two versions of the API's schema would break a client written against the
// older one, and which of those a recorded deprecation period allows. A test runs it against the
// public contract and the previous commit's schema, so a breaking change fails CI instead of a client.
import { readFileSync } from "node:fs";
import path from "node:path";
import { CriticalityLevel, diff, type Change } from "@graphql-inspector/core";
import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isUnionType,
  type GraphQLSchema,
  type GraphQLType,
} from "graphql";
import { REPOSITORY_ROOT } from "./platform/paths.ts";

export const DEPRECATIONS_FILE = path.join(REPOSITORY_ROOT, "schema/deprecations.json");

/** An entry of schema/deprecations.json: see schema/README.md. Dates are UTC days, YYYY-MM-DD. */
export interface RecordedDeprecation {
  /** As graphql-inspector names the changed element: "Type", "Type.field", "Type.field.argument", "Enum.VALUE". */
  coordinate: string;
  deprecatedOn: string;
  removableAfter: string;
}

interface BreakingChange {
  coordinate: string | undefined;
  message: string;
}

export interface CompatibilityVerdict {
  /** Each with the reason the deprecations do not allow it; CI fails on any. */
  refused: string[];
  /** Breaking changes whose recorded deprecation period is over. */
  allowed: string[];
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const isDay = (value: unknown): value is string =>
  typeof value === "string" && DAY.test(value) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);

export function parseDeprecations(json: string, source = "deprecations"): RecordedDeprecation[] {
  const entries: unknown = JSON.parse(json);
  if (!Array.isArray(entries)) throw new Error(`${source}: expected an array of deprecations`);
  return entries.map((entry: Partial<RecordedDeprecation>, index) => {
    const where = `${source}[${index}]`;
    if (typeof entry?.coordinate !== "string" || entry.coordinate === "") throw new Error(`${where}: coordinate must name a schema element, e.g. "Course.oldField"`);
    if (!isDay(entry.deprecatedOn) || !isDay(entry.removableAfter)) throw new Error(`${where} (${entry.coordinate}): deprecatedOn and removableAfter must be dates, YYYY-MM-DD`);
    if (entry.removableAfter < entry.deprecatedOn) throw new Error(`${where} (${entry.coordinate}): removableAfter is before deprecatedOn`);
    return { coordinate: entry.coordinate, deprecatedOn: entry.deprecatedOn, removableAfter: entry.removableAfter };
  });
}

export function readDeprecations(file = DEPRECATIONS_FILE): RecordedDeprecation[] {
  return parseDeprecations(readFileSync(file, "utf8"), path.relative(REPOSITORY_ROOT, file));
}

async function breakingChanges(oldSchema: GraphQLSchema, newSchema: GraphQLSchema): Promise<BreakingChange[]> {
  const changes: Change[] = await diff(oldSchema, newSchema);
  return changes
    .filter((change) => change.criticality.level === CriticalityLevel.Breaking)
    .map((change) => ({ coordinate: change.path, message: change.message }));
}

/**
 * Compares two SDL documents. `today` (YYYY-MM-DD, UTC) is a parameter so that tests can place
 * themselves before or after a removal date.
 */
export async function checkCompatibility(
  oldSdl: string,
  newSdl: string,
  deprecations: readonly RecordedDeprecation[],
  today = new Date().toISOString().slice(0, 10),
): Promise<CompatibilityVerdict> {
  const oldSchema = buildSchema(oldSdl);
  const verdict: CompatibilityVerdict = { refused: [], allowed: [] };
  for (const change of await breakingChanges(oldSchema, buildSchema(newSdl))) {
    const refusal = refusalOf(change, oldSchema, deprecations, today);
    if (refusal) verdict.refused.push(`${change.message}: ${refusal}`);
    else verdict.allowed.push(change.message);
  }
  return verdict;
}

function refusalOf(change: BreakingChange, oldSchema: GraphQLSchema, deprecations: readonly RecordedDeprecation[], today: string): string | undefined {
  if (!change.coordinate) return "a breaking change of the schema as a whole, which no deprecation covers";
  const recorded = deprecations.find((deprecation) => deprecation.coordinate === change.coordinate);
  if (!recorded) return `${change.coordinate} has no deprecation period recorded in schema/deprecations.json`;
  if (!isDeprecatedIn(oldSchema, change.coordinate)) return `${change.coordinate} was not @deprecated in the older schema, so clients were never warned`;
  if (today <= recorded.removableAfter) return `${change.coordinate} may change only after ${recorded.removableAfter}`;
  return undefined;
}

function isDeprecatedIn(schema: GraphQLSchema, coordinate: string): boolean {
  const [typeName, memberName, argumentName, ...rest] = coordinate.split(".");
  const type = schema.getType(typeName);
  if (!type || rest.length > 0) return false;
  if (memberName === undefined) return isReachedOnlyThroughDeprecated(schema, typeName);
  if (isEnumType(type)) return argumentName === undefined && type.getValue(memberName)?.deprecationReason != null;
  if (!isObjectType(type) && !isInterfaceType(type) && !isInputObjectType(type)) return false;
  const field = type.getFields()[memberName];
  if (!field) return false;
  if (argumentName === undefined) return field.deprecationReason != null;
  const argument = "args" in field ? field.args.find(({ name }) => name === argumentName) : undefined;
  return argument?.deprecationReason != null;
}

/**
 * GraphQL has no @deprecated for a type: a type is on its way out when every field, argument and
 * input field of that type is deprecated. A union or an interface holding it still hands it out.
 */
function isReachedOnlyThroughDeprecated(schema: GraphQLSchema, typeName: string): boolean {
  const isTarget = ({ name }: { name: string }) => name === typeName;
  let references = 0;
  for (const type of Object.values(schema.getTypeMap())) {
    if (isUnionType(type) && type.getTypes().some(isTarget)) return false;
    if ((isObjectType(type) || isInterfaceType(type)) && type.getInterfaces().some(isTarget)) return false;
    if (!isObjectType(type) && !isInterfaceType(type) && !isInputObjectType(type)) continue;
    for (const field of Object.values(type.getFields())) {
      const fieldAndArguments: { type: GraphQLType; deprecationReason?: string | null }[] = [field, ...("args" in field ? field.args : [])];
      const usages = fieldAndArguments.filter((usage) => isTarget(getNamedType(usage.type)));
      if (usages.some((usage) => usage.deprecationReason == null && field.deprecationReason == null)) return false;
      references += usages.length;
    }
  }
  return references > 0;
}
