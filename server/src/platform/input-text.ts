// Text that reaches a resolver is text a person could have typed: checked once, for every
// argument of every field (nested input objects and lists included, literals and variables,
// HTTP and WebSocket alike), before the field's authorization rule and resolver run.
import {
  defaultFieldResolver,
  getNullableType,
  isInputObjectType,
  isListType,
  isObjectType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLFieldResolver,
  type GraphQLInputField,
  type GraphQLInputType,
  type GraphQLSchema,
} from "graphql";
import { Extensions } from "type-graphql";
import { badInput, type FieldErrors } from "./errors.ts";

const MULTILINE_TEXT = "multilineText";
const MULTILINE_TEXT_ARGS = "multilineTextArgs";

/** Marks an input field whose text may span lines (tab, newline and CRLF allowed). */
export const MultilineText = () => Extensions({ [MULTILINE_TEXT]: true });

/** Marks arguments of a query or mutation whose text may span lines, by name. */
export const MultilineTextArgs = (...names: string[]) => Extensions({ [MULTILINE_TEXT_ARGS]: names });

/**
 * Control characters (Unicode Cc: C0, DEL, C1) and lone surrogates, which PostgreSQL refuses (NUL)
 * or stores as something else (a lone surrogate becomes U+FFFD). Noncharacters such as U+FFFF
 * are valid Unicode that PostgreSQL and JSON carry unchanged, so they pass.
 */
const SINGLE_LINE_UNSAFE = /[\u0000-\u001F\u007F-\u009F]/;
/** Multi-line text also allows tab, newline, and carriage return only as part of CRLF. */
const MULTILINE_UNSAFE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]|\r(?!\n)/;
const LONE_SURROGATE = /\p{Cs}/u;

export const CONTROL_CHARACTERS_MESSAGE = "must not contain control characters";
export const INVALID_UNICODE_MESSAGE = "must be valid Unicode text";

function textProblem(text: string, multiline: boolean): string | undefined {
  if ((multiline ? MULTILINE_UNSAFE : SINGLE_LINE_UNSAFE).test(text)) return CONTROL_CHARACTERS_MESSAGE;
  if (LONE_SURROGATE.test(text)) return INVALID_UNICODE_MESSAGE;
  return undefined;
}

/** Problems are named by the innermost field, as every other BAD_USER_INPUT names them (`title`, not `input.title`). */
function collectTextProblems(value: unknown, type: GraphQLInputType, name: string, multiline: boolean, into: FieldErrors): void {
  if (value == null) return;
  const nullable = getNullableType(type);
  if (isListType(nullable)) {
    if (Array.isArray(value)) for (const item of value) collectTextProblems(item, nullable.ofType, name, multiline, into);
    return;
  }
  if (isInputObjectType(nullable)) {
    for (const field of Object.values(nullable.getFields())) {
      const fieldValue = (value as Record<string, unknown>)[field.name];
      collectTextProblems(fieldValue, field.type, field.name, isMultiline(field), into);
    }
    return;
  }
  if (typeof value !== "string") return;
  const problem = textProblem(value, multiline);
  if (problem) into[name] ??= problem;
}

function isMultiline(field: GraphQLInputField): boolean {
  return field.extensions?.[MULTILINE_TEXT] === true;
}

/** Whether values of this type can hold text: any scalar but Int, Float and Boolean, at any depth. */
function canHoldText(type: GraphQLInputType, seen = new Set<GraphQLInputType>()): boolean {
  const nullable = getNullableType(type);
  if (isListType(nullable)) return canHoldText(nullable.ofType, seen);
  if (isInputObjectType(nullable)) {
    if (seen.has(nullable)) return false;
    seen.add(nullable);
    return Object.values(nullable.getFields()).some((field) => canHoldText(field.type, seen));
  }
  return isScalarType(nullable) && !["Int", "Float", "Boolean"].includes(nullable.name);
}

/** The check of one field's arguments, or undefined when none of them can hold text. */
function argumentCheck(field: GraphQLField<unknown, unknown>): ((args: Record<string, unknown>) => void) | undefined {
  const textArgs = field.args.filter((arg) => canHoldText(arg.type));
  if (textArgs.length === 0) return undefined;
  const multilineArgs = new Set((field.extensions?.[MULTILINE_TEXT_ARGS] as string[] | undefined) ?? []);
  const isMultilineArg = (arg: GraphQLArgument) => multilineArgs.has(arg.name);
  return (args) => {
    const problems: FieldErrors = {};
    for (const arg of textArgs) collectTextProblems(args[arg.name], arg.type, arg.name, isMultilineArg(arg), problems);
    if (Object.keys(problems).length > 0) throw badInput(problems);
  };
}

/**
 * Wraps every field that takes text arguments (a subscription at its `subscribe` step) so its
 * arguments are checked first: call it on the finished schema, after authorization is applied,
 * so a refused text is always BAD_USER_INPUT whoever sends it.
 */
export function checkTextArguments(schema: GraphQLSchema): void {
  const subscriptionType = schema.getSubscriptionType();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith("__")) continue;
    for (const field of Object.values(type.getFields())) {
      const check = argumentCheck(field);
      if (!check) continue;
      if (type === subscriptionType) {
        const subscribe = field.subscribe ?? (defaultFieldResolver as GraphQLFieldResolver<unknown, unknown>);
        field.subscribe = (source, args, context, info) => {
          check(args);
          return subscribe(source, args, context, info);
        };
        continue;
      }
      const resolve = field.resolve ?? (defaultFieldResolver as GraphQLFieldResolver<unknown, unknown>);
      field.resolve = (source, args, context, info) => {
        check(args);
        return resolve(source, args, context, info);
      };
    }
  }
}
