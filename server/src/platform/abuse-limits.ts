// Limits that keep one client from exhausting the API: the size and shape of an operation,
// how many operations a batch may carry, and how many requests each viewer may make.
import type { ApolloServerPlugin } from "@apollo/server";
import { ApolloArmor } from "@escape.tech/graphql-armor";
import type { RequestHandler } from "express";
import { GraphQLError, type ParseOptions, type ValidationRule } from "graphql";
import type { Config } from "./config.ts";
import type { Viewer } from "./context.ts";
import { badInput, codeOf, ErrorCode } from "./errors.ts";
import { rateLimitedHead } from "./http-status.ts";
import type { Limit, RateLimits } from "./rate-limit.ts";

export interface OperationLimits {
  parseOptions: ParseOptions;
  validationRules: ValidationRule[];
  plugins: ApolloServerPlugin[];
}

/** Depth, aliases, directives and estimated cost are checked before anything runs; tokens while parsing. */
export function operationLimits(config: Config): OperationLimits {
  const armor = new ApolloArmor({
    // Depth counts fields only: the web client's fragments would otherwise add levels of their own.
    maxDepth: { n: config.graphqlMaxDepth, flattenFragments: true },
    maxAliases: { n: config.graphqlMaxAliases },
    costLimit: { maxCost: config.graphqlMaxCost },
    maxDirectives: { n: config.graphqlMaxDirectives },
    // graphql-js counts tokens itself (parseOptions below) and refuses with a plain syntax error.
    maxTokens: { enabled: false },
    // Suggestions reveal the schema exactly as introspection would.
    blockFieldSuggestion: { enabled: !config.introspection },
  });
  const { plugins, validationRules } = armor.protect();
  return { parseOptions: { maxTokens: config.graphqlMaxTokens }, validationRules, plugins };
}

/** Apollo runs every operation of a batched request; more than the cap is refused before any runs. */
export function batchSizeLimit(maxOperations: number): RequestHandler {
  return (request, response, next) => {
    if (!Array.isArray(request.body) || request.body.length <= maxOperations) return next();
    const error = badInput({ batch: `must hold at most ${maxOperations} operations` });
    response.status(400).json({ errors: [{ message: error.message, extensions: error.extensions }] });
  };
}

/** How many operations an HTTP request body carries: a batch counts each of its operations. */
export function operationsIn(body: unknown): number {
  return Array.isArray(body) ? Math.max(1, body.length) : 1;
}

/**
 * Operations per minute of one viewer: a key and a person count apart; anonymous callers by IP.
 * Each operation counts one, whether it came alone, in a batch or over WebSocket; how much one
 * operation may ask for is bounded apart (depth, aliases, estimated cost: operationLimits).
 */
export function viewerRequestLimit(rateLimits: RateLimits, perMinute: number) {
  const limit: Limit = rateLimits.limit({ name: "api-viewer", points: perMinute, durationSeconds: 60 });
  return async (viewer: Viewer | null, ip: string, operations = 1): Promise<void> => {
    // A support view spends its admin's budget, never the account it shows.
    const key =
      viewer?.apiKey ? `key:${viewer.apiKey.id}`
      : viewer?.supportView ? `user:${viewer.supportView.adminId}`
      : viewer ? `user:${viewer.userId}`
      : `ip:${ip}`;
    try {
      await limit.consume(key, operations);
    } catch (error) {
      if (codeOf(error) !== ErrorCode.RATE_LIMITED) throw error;
      // Refused before GraphQL runs, so no plugin sees it: the refusal carries its own 429 head.
      const { extensions, message } = error as GraphQLError;
      throw new GraphQLError(message, {
        extensions: { ...extensions, http: rateLimitedHead(Number(extensions.retryAfterSeconds)) },
      });
    }
  };
}
