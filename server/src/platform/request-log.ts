// One short line per request. GraphQL operations at info: their names, the status and the time
// taken. Everything else (the web client's files, media, probes) at debug, and failures (5xx) at
// error. Headers only at debug (LOG_LEVEL=debug), when someone is looking into requests. Secrets a
// URL carries never reach the log: the query string is left out of brief lines, and a path segment
// a module declares secret (a signed link's token) is redacted at every level.
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { pinoHttp } from "pino-http";
import type { Logger } from "./logger.ts";

type Request = IncomingMessage & { body?: unknown; query?: unknown; originalUrl?: string };

const GRAPHQL_PATH = /^\/graphql(\/|\?|$)/;
const PROBE_PATH = /^\/(healthz|readyz)(\?|$)/;
const MAX_REQUEST_ID_LENGTH = 100;

/** The URL as requested: inside a router mounted at a path, Express shortens `url` until the router is done. */
const urlOf = (request: Request) => request.originalUrl ?? request.url ?? "";

const isGraphQL = (request: Request) => GRAPHQL_PATH.test(urlOf(request));

/** Without the query string, which may carry a signed URL's signature. */
const pathOf = (request: Request, redact: Redaction) => redact(urlOf(request).split("?")[0]);

export const REDACTED_SEGMENT = "[redacted]";

/** Rewrites a URL so the segment after each secret path prefix reads [redacted]. */
type Redaction = (url: string) => string;

function redaction(secretPathPrefixes: readonly string[]): Redaction {
  if (secretPathPrefixes.length === 0) return (url) => url;
  const escaped = secretPathPrefixes.map((prefix) => prefix.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  const secretSegment = new RegExp(`^(${escaped.join("|")})/[^/?#]+`);
  return (url) => url.replace(secretSegment, `$1/${REDACTED_SEGMENT}`);
}

/** The first operation a document names, for a request that does not say which one it runs. */
const NAMED_OPERATION = /\b(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)/;

/** The names of the operations a GraphQL request carried (a batch carries several). */
function operationNames(request: Request): string {
  const payload = request.method === "GET" ? request.query : request.body;
  const operations = (Array.isArray(payload) ? payload : [payload]) as ({ operationName?: unknown; query?: unknown } | undefined)[];
  return operations
    .map((operation) => {
      if (typeof operation?.operationName === "string" && operation.operationName) return operation.operationName;
      return (typeof operation?.query === "string" && NAMED_OPERATION.exec(operation.query)?.[1]) || "(unnamed)";
    })
    .join(",");
}

function describe(request: Request, response: ServerResponse, redact: Redaction): string {
  const what = isGraphQL(request) ? `graphql ${operationNames(request)}` : `${request.method} ${pathOf(request, redact)}`;
  return `${what} ${response.statusCode}`;
}

function briefFields(request: Request, response: ServerResponse, responseTime: number, redact: Redaction): Record<string, unknown> {
  return {
    ...(isGraphQL(request) ? { operation: operationNames(request) } : { method: request.method, path: pathOf(request, redact) }),
    statusCode: response.statusCode,
    responseTime,
  };
}

export interface RequestLoggingOptions {
  /** Paths whose next segment is a secret, written [redacted] (modules' secretPathPrefixes). */
  secretPathPrefixes?: readonly string[];
}

export function requestLogging(log: Logger, { secretPathPrefixes = [] }: RequestLoggingOptions = {}) {
  const detailed = log.isLevelEnabled("debug");
  const redact = redaction(secretPathPrefixes);
  return pinoHttp<Request, ServerResponse>({
    logger: log,
    // The detailed line's request, as pino's serializer makes it, with its URL redacted.
    serializers: { req: (request: { url?: string }) => Object.assign(request, request.url === undefined ? {} : { url: redact(request.url) }) },
    genReqId: (request, response) => {
      const id = (request.headers["x-request-id"] as string | undefined)?.slice(0, MAX_REQUEST_ID_LENGTH) || randomUUID();
      response.setHeader("x-request-id", id);
      return id;
    },
    autoLogging: { ignore: (request) => PROBE_PATH.test(urlOf(request)) },
    customLogLevel: (request, response, error) =>
      error || response.statusCode >= 500 ? "error" : isGraphQL(request) ? "info" : "debug",
    customSuccessMessage: (request, response, responseTime) => `${describe(request, response, redact)} in ${responseTime} ms`,
    customErrorMessage: (request, response) => `${describe(request, response, redact)} failed`,
    // Brief: lines carry the request id and the fields above, never the request's or answer's headers.
    quietReqLogger: !detailed,
    quietResLogger: !detailed,
    ...(detailed
      ? {}
      : {
          customSuccessObject: (request: Request, response: ServerResponse, fields: { responseTime: number }) =>
            briefFields(request, response, fields.responseTime, redact),
          customErrorObject: (request: Request, response: ServerResponse, error: Error, fields: { responseTime: number }) => ({
            ...briefFields(request, response, fields.responseTime, redact),
            err: error,
          }),
        }),
  });
}
