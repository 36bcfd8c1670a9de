// GraphQL over WebSocket (graphql-ws) on the HTTP server's port. Each operation on a socket passes
// the door an HTTP request made at that moment would: credentials checked and the role read afresh,
// the viewer's rate, the body size, parse and validation limits, and errors in the same shape.
// Running subscriptions read the viewer again for every event and end when its rights are gone.
import { randomUUID } from "node:crypto";
import type { IncomingMessage, Server } from "node:http";
import {
  createSourceEventStream,
  execute,
  GraphQLError,
  NoSchemaIntrospectionCustomRule,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLFormattedError,
  type GraphQLSchema,
} from "graphql";
import { buildExecutionContext } from "graphql/execution/execute.js";
import { CloseCode, type SubscribePayload } from "graphql-ws";
import { useServer, type Extra } from "graphql-ws/use/ws";
import { WebSocketServer } from "ws";
import type { OperationLimits } from "./abuse-limits.ts";
import { createContext, type Context, type Viewer } from "./context.ts";
import { codeOf, ErrorCode } from "./errors.ts";
import { logUnexpectedErrors } from "./graphql-errors.ts";
import type { Platform } from "./platform.ts";
import type { TrustedDocuments } from "./trusted-documents.ts";

export interface WebSocketGraphQLOptions {
  httpServer: Server;
  schema: GraphQLSchema;
  platform: Platform;
  limits: OperationLimits;
  /** Which documents may run (TRUSTED_DOCUMENTS_ONLY), and the trusted ones' text by hash, as over HTTP. */
  documents: Pick<TrustedDocuments, "documentToRun">;
  /** The viewer behind an Authorization value, read from the database; throws UNAUTHENTICATED for refused credentials. */
  authenticate(authorization: string | undefined): Promise<Viewer | null>;
  countRequest(viewer: Viewer | null, ip: string): Promise<void>;
  /** The client's address behind an upgrade request, read as HTTP requests' are (client-address.ts): its throttles and HTTP's agree. */
  clientIp(request: IncomingMessage): string;
  formatError(error: GraphQLError): GraphQLFormattedError;
  /** Errors answered to an operation, for the metrics (counted as errors over HTTP are). */
  countErrors(errors: readonly GraphQLError[]): void;
}

export interface WebSocketGraphQL {
  /** Closes every socket (1001) and stops accepting new ones. */
  dispose(): Promise<void>;
  /** Open sockets and running subscriptions, for the metrics. */
  counts(): { connections: number; subscriptions: number };
}

type Connection = {
  /** The Authorization sent in connection_init: checked again for every operation and event. */
  authorization?: string;
  ip: string;
};

/** A running subscription: its socket, and what makes its answer to an event (see answerShared). */
type Subscribed = { connection: SocketContext; sameAnswerAs: string };

type SocketContext = Extra & Partial<Connection>;

/** How long a socket may stay open without sending connection_init; then graphql-ws closes it (4408). */
export const CONNECTION_INIT_TIMEOUT_MS = 5_000;
/** The reason sent with CloseCode.Unauthorized: the client refreshes its access token and reconnects. */
const CREDENTIALS_ENDED = "Unauthorized: the session, API key or access token is no longer valid";
/** Refusals of a running subscription's event that mean the viewer may no longer watch it. */
const RIGHTS_LOST = new Set<string>([ErrorCode.UNAUTHENTICATED, ErrorCode.FORBIDDEN, ErrorCode.NOT_FOUND]);
/**
 * How long after one subscription began answering an event the others with the same answer may
 * take it rather than compute it: an event reaches every waiting subscription within one turn,
 * so they all join the first's computation, while rights changed later than this apply to a
 * subscription whose queue fell behind.
 */
const SHARED_ANSWER_MS = 1_000;
/** What graphql-armor's Apollo plugin puts in place of field suggestions over HTTP. */
const HIDDEN_SUGGESTION = "[Suggestion hidden]";

const isRefusedCredentials = (error: unknown) => codeOf(error) === ErrorCode.UNAUTHENTICATED;

export function serveGraphQLOverWebSocket(options: WebSocketGraphQLOptions): WebSocketGraphQL {
  const { platform, schema } = options;
  const { config } = platform;
  const subscribedWith = new WeakMap<Context, Subscribed>();
  /** By event, then by what makes the answer: the answers under way or just made. */
  const answersOf = new WeakMap<object, Map<string, { startedAt: number; answer: Promise<ExecutionResult> }>>();

  const openPerAddress = new Map<string, number>();
  let runningSubscriptions = 0;
  const webSocketServer = new WebSocketServer({
    server: options.httpServer,
    path: "/graphql",
    // The bound of an HTTP body. ws refuses (1009) as soon as a frame declares more, before buffering it.
    maxPayload: config.maxBodyBytes,
    // Answered synchronously, so the 'connection' below is counted before the next upgrade is looked at.
    verifyClient: ({ req }, accept) => {
      const open = openPerAddress.get(options.clientIp(req)) ?? 0;
      if (open >= config.webSocketConnectionsPerAddress) accept(false, 429, "Too many open connections from this address");
      else accept(true);
    },
  });
  webSocketServer.on("connection", (socket, request) => {
    const ip = options.clientIp(request);
    openPerAddress.set(ip, (openPerAddress.get(ip) ?? 0) + 1);
    socket.once("close", () => {
      const open = (openPerAddress.get(ip) ?? 1) - 1;
      if (open > 0) openPerAddress.set(ip, open);
      else openPerAddress.delete(ip);
    });
  });

  const validationRules = [
    ...specifiedRules,
    ...options.limits.validationRules,
    ...(config.introspection ? [] : [NoSchemaIntrospectionCustomRule]),
  ];

  /** Parses, validates and resolves the operation and its variables as Apollo Server does for HTTP, with its error codes. */
  function prepare(payload: SubscribePayload): Omit<ExecutionArgs, "contextValue"> | GraphQLError[] {
    let document: DocumentNode;
    try {
      document = parse(payload.query, options.limits.parseOptions);
    } catch (error) {
      return [withCode(error as GraphQLError, "GRAPHQL_PARSE_FAILED")];
    }
    const invalid = validate(schema, document, validationRules);
    if (invalid.length) {
      return invalid.map((error) =>
        withCode(error, "GRAPHQL_VALIDATION_FAILED", config.introspection ? error.message : error.message.replace(/Did you mean ".+"/g, HIDDEN_SUGGESTION)),
      );
    }
    const args = { schema, document, operationName: payload.operationName, variableValues: payload.variables };
    // What execute checks first: which operation to run, and whether the variables fit their types.
    const execution = buildExecutionContext(args);
    if (Array.isArray(execution)) {
      return execution.map((error) => withCode(error, error.nodes?.length ? ErrorCode.BAD_USER_INPUT : "OPERATION_RESOLUTION_FAILURE"));
    }
    return args;
  }

  /**
   * Refused credentials close the socket with CloseCode.Unauthorized (4401), at once or, with
   * `closeAfterReply`, once the operation's error has been sent: a client cannot send new
   * credentials on an open socket, so it renews its token and reconnects.
   */
  function closeOnRefusedCredentials(connection: SocketContext, error: unknown, closeAfterReply: boolean): void {
    if (!isRefusedCredentials(error)) return;
    // graphql-ws sends the operation's error within the current turn; the close frame follows it.
    if (closeAfterReply) setImmediate(() => connection.socket.close(CloseCode.Unauthorized, CREDENTIALS_ENDED));
    else connection.socket.close(CloseCode.Unauthorized, CREDENTIALS_ENDED);
  }

  /** The viewer at this moment; refused credentials close the socket (closeOnRefusedCredentials). */
  async function viewerNow(connection: SocketContext, closeAfterReply: boolean): Promise<Viewer | null> {
    try {
      return await options.authenticate(connection.authorization);
    } catch (error) {
      closeOnRefusedCredentials(connection, error, closeAfterReply);
      throw error;
    }
  }

  /**
   * A subscription's events, each executed with a context of its own whose viewer is read for that
   * event (one lookup, as an HTTP request pays), so the shield's rules and the resolvers decide
   * with the rights the viewer has now. Refused credentials close the socket (4401); an event
   * refused at its root (rights lost, target gone) ends the subscription with that error.
   */
  async function subscribeRechecking(args: ExecutionArgs) {
    const subscribed = args.contextValue as Context;
    const { connection, sameAnswerAs } = subscribedWith.get(subscribed)!;
    const stream = await createSourceEventStream(args);
    if (!isAsyncIterable(stream)) return stream;
    const answer = async (event: unknown) => {
      const viewer = await options.authenticate(connection.authorization);
      const contextValue = createContext(platform, { requestId: subscribed.requestId, viewer, ip: subscribed.ip });
      return execute({ ...args, rootValue: event, contextValue });
    };
    return answered(stream, async (event: unknown): Promise<ExecutionResult> => {
      let result: ExecutionResult;
      try {
        result = await answerShared(event, sameAnswerAs, answer);
      } catch (error) {
        closeOnRefusedCredentials(connection, error, false);
        throw error;
      }
      const refusal = result.errors?.find((error) => error.path?.length === 1 && RIGHTS_LOST.has(codeOf(error) ?? ""));
      if (refusal) throw refusal;
      return result;
    });
  }

  /**
   * One answer to an event for the subscriptions that would each compute the same one: the same
   * credentials (so the same viewer, read at this event), address, document and variables. A
   * course's thousands of open dashboards then cost one viewer lookup and one execution per event,
   * not one each.
   */
  function answerShared(event: unknown, sameAnswerAs: string, compute: (event: unknown) => Promise<ExecutionResult>): Promise<ExecutionResult> {
    if (typeof event !== "object" || event === null) return compute(event);
    let answers = answersOf.get(event);
    if (!answers) answersOf.set(event, (answers = new Map()));
    const shared = answers.get(sameAnswerAs);
    if (shared && Date.now() - shared.startedAt < SHARED_ANSWER_MS) return shared.answer;
    const answer = compute(event);
    answers.set(sameAnswerAs, { startedAt: Date.now(), answer });
    return answer;
  }

  /**
   * The subscription's events, each answered when the client is ready for it, and counted among
   * the running ones until they end or are ended. A refused answer ends the subscription and its
   * source. Not an async generator: its return() would wait for the pending next(), which waits
   * for an event. Nor a Repeater (@graphql-yoga's map): one more per subscription made an event
   * reach 10,000 subscriptions about a fifth later (bench/README.md, subscriptions).
   */
  function answered<T>(events: AsyncIterable<unknown>, answer: (event: unknown) => Promise<T>): AsyncIterableIterator<T> {
    const inner = events[Symbol.asyncIterator]();
    runningSubscriptions += 1;
    let running = true;
    const end = () => {
      if (running) runningSubscriptions -= 1;
      running = false;
    };
    return {
      [Symbol.asyncIterator]() {
        return this;
      },
      async next() {
        try {
          const step = await inner.next();
          if (step.done) {
            end();
            return { done: true, value: undefined };
          }
          return { done: false, value: await answer(step.value) };
        } catch (error) {
          end();
          await inner.return?.();
          throw error;
        }
      },
      async return(value?: unknown) {
        end();
        await inner.return?.(value);
        return { done: true, value: undefined };
      },
      async throw(error?: unknown) {
        end();
        await inner.return?.();
        throw error;
      },
    };
  }

  const server = useServer<Record<string, unknown>, Connection>(
    {
      schema,
      connectionInitWaitTimeout: CONNECTION_INIT_TIMEOUT_MS,
      // Close reasons never carry internal error text, in any mode.
      isProd: true,
      onConnect: async (socket) => {
        const authorization = socket.connectionParams?.authorization;
        socket.extra.authorization = typeof authorization === "string" ? authorization : undefined;
        socket.extra.ip = options.clientIp(socket.extra.request);
        try {
          await viewerNow(socket.extra, false);
          return true;
        } catch (error) {
          // The socket is closing with 4401 already; graphql-ws's own close (4403) changes nothing.
          if (isRefusedCredentials(error)) return false;
          throw error;
        }
      },
      onSubscribe: async (socket, _id, payload) => {
        let viewer: Viewer | null;
        try {
          viewer = await viewerNow(socket.extra, true);
          await options.countRequest(viewer, socket.extra.ip!);
        } catch (error) {
          if (codeOf(error)) return [error as GraphQLError];
          throw error;
        }
        // Apollo's persisted-query extension, which the web client adds beside the text.
        const hash = (payload.extensions?.persistedQuery as { sha256Hash?: unknown } | undefined)?.sha256Hash;
        const document = options.documents.documentToRun(viewer, { text: payload.query, hash: typeof hash === "string" ? hash : undefined });
        if (typeof document !== "string") return [document];
        const prepared = prepare({ ...payload, query: document });
        if (Array.isArray(prepared)) return prepared;
        const contextValue = createContext(platform, { requestId: randomUUID(), viewer, ip: socket.extra.ip! });
        const sameAnswerAs = JSON.stringify([socket.extra.authorization ?? null, socket.extra.ip, document, payload.operationName ?? null, payload.variables ?? null]);
        subscribedWith.set(contextValue, { connection: socket.extra, sameAnswerAs });
        return { ...prepared, contextValue };
      },
      subscribe: subscribeRechecking,
      onError: (_socket, id, _payload, errors) => {
        options.countErrors(errors);
        logUnexpectedErrors({ log: platform.log.child({ reqId: id }) }, errors);
        return errors.map(options.formatError);
      },
      onNext: (_socket, _id, _payload, args, result) => {
        if (!result.errors) return undefined;
        options.countErrors(result.errors);
        logUnexpectedErrors(args.contextValue as Context, result.errors);
        return { ...result, errors: result.errors.map(options.formatError) };
      },
    },
    webSocketServer,
  );
  return {
    async dispose() {
      await server.dispose();
    },
    counts: () => ({ connections: webSocketServer.clients.size, subscriptions: runningSubscriptions }),
  };
}

/** The error as Apollo Server codes it for HTTP (GRAPHQL_PARSE_FAILED, ...), which formatGraphQLError maps alike. */
function withCode(error: GraphQLError, code: string, message = error.message): GraphQLError {
  return new GraphQLError(message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    originalError: error.originalError,
    extensions: { ...error.extensions, code },
  });
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof (value as AsyncIterable<unknown> | null)?.[Symbol.asyncIterator] === "function";
}
