// Composition root: builds the schema from the modules, applies authorization, and serves
// HTTP and WebSocket GraphQL on one port, beside the modules' own routes.
import { createServer, type Server } from "node:http";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { expressMiddleware } from "@as-integrations/express5";
import express, { type ErrorRequestHandler, type RequestHandler } from "express";
import type { GraphQLError, GraphQLSchema } from "graphql";
import { authenticateBearer } from "./modules/identity/index.ts";
import { modules } from "./modules/index.ts";
import { batchSizeLimit, operationLimits, operationsIn, viewerRequestLimit } from "./platform/abuse-limits.ts";
import { clientAddresses } from "./platform/client-address.ts";
import type { Config } from "./platform/config.ts";
import { createContext, type Context } from "./platform/context.ts";
import type { Database } from "./platform/db.ts";
import { startDomainEventDispatcher, type DomainEventDispatcher } from "./platform/domain-events.ts";
import { codeOf, ErrorCode } from "./platform/errors.ts";
import { collectExtensions } from "./platform/extension-points.ts";
import { formatGraphQLError, logUnexpectedErrors } from "./platform/graphql-errors.ts";
import { healthRoutes } from "./platform/health.ts";
import { createMetrics } from "./platform/metrics.ts";
import { startJobs } from "./platform/jobs.ts";
import { refusalStatusPlugin } from "./platform/http-status.ts";
import { requestLogging } from "./platform/request-log.ts";
import type { Logger } from "./platform/logger.ts";
import { createMailer } from "./platform/mail.ts";
import { registeredListeners, viewerScopesOf } from "./platform/module.ts";
import type { Platform } from "./platform/platform.ts";
import { listenForDataChanges } from "./platform/data-change-feed.ts";
import { publicOperationCheck } from "./platform/public-operation.ts";
import { publicResponseCache } from "./platform/public-response-cache.ts";
import { readTrustedDocuments, trustedDocuments } from "./platform/trusted-documents.ts";
import { createEventBus } from "./platform/pubsub.ts";
import { createRateLimits } from "./platform/rate-limit.ts";
import { authorize, buildTypeSchema } from "./platform/schema.ts";
import { createConfiguredStorage } from "./platform/storage/configured-storage.ts";
import { securityHeaders } from "./platform/security-headers.ts";
import { webClientRoutes } from "./platform/web-client.ts";
import { serveGraphQLOverWebSocket } from "./platform/websocket-server.ts";

export interface App {
  platform: Platform;
  schema: GraphQLSchema;
  httpServer: Server;
  /** Delivers committed domain events to the modules' listeners. */
  domainEvents: DomainEventDispatcher;
  /** Starts listening; resolves with the base URL. */
  listen(port: number, host?: string): Promise<string>;
  close(): Promise<void>;
}

const MAIL_RETRY_INTERVAL_MS = 30_000;

export async function createApp(config: Config, db: Database, log: Logger): Promise<App> {
  if (!config.databaseUrl) throw new Error("createApp needs config.databaseUrl: the job queue lives in that database");
  const eventBus = createEventBus(config.redisUrl, log);
  const rateLimits = createRateLimits(config.redisUrl, log);
  const storage = await createConfiguredStorage(config);
  const jobs = await startJobs(config.databaseUrl, log);
  const platform: Platform = {
    config,
    db,
    log,
    events: eventBus.bus,
    rateLimits,
    storage: storage.storage,
    jobs,
    mailer: createMailer({ db, log, smtpUrl: config.smtpUrl, from: config.mailFrom }),
    nodes: new Map(modules.flatMap((module) => Object.entries(module.nodes ?? {}))),
    extensions: collectExtensions(modules.flatMap((module) => module.extensions ?? [])),
  };
  const schema = authorize(await buildTypeSchema(modules, platform.events), modules);
  const dataChanges = config.publicCache.seconds > 0 ? listenForDataChanges(config.databaseUrl, log) : undefined;

  const clientAddress = clientAddresses(config.trustProxy);
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", clientAddress.trust);
  const httpServer = createServer(app);

  const limits = operationLimits(config);
  const documents = trustedDocuments(readTrustedDocuments(), { only: config.trustedDocumentsOnly });
  const countRequest = viewerRequestLimit(rateLimits, config.apiRequestsPerMinute);
  const formatError = (error: GraphQLError) => formatGraphQLError(error.toJSON(), error);
  // Scraped once serving: by then the WebSocket server below exists.
  const metrics = createMetrics({ db, webSockets: () => subscriptions.counts() });

  // Operations over WebSocket meet the same door, limits, rate and error shape as over HTTP.
  const subscriptions = serveGraphQLOverWebSocket({
    httpServer,
    schema,
    platform,
    limits,
    documents,
    authenticate: (authorization) => authenticateBearer(platform, authorization),
    countRequest,
    clientIp: clientAddress.of,
    formatError,
    countErrors: metrics.countErrors,
  });

  const apollo = new ApolloServer<Context>({
    schema,
    introspection: config.introspection,
    persistedQueries: { cache: documents.cache },
    parseOptions: limits.parseOptions,
    validationRules: limits.validationRules,
    allowBatchedHttpRequests: true,
    includeStacktraceInErrorResponses: false,
    formatError: (formatted, error) => formatGraphQLError(formatted, error),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // No field carries a cache hint, yet the default cache-control plugin would wrap every
      // field's resolver to compute a policy per request.
      ApolloServerPluginCacheControlDisabled(),
      { async serverWillStart() { return { async drainServer() { await subscriptions.dispose(); } }; } },
      metrics.graphqlPlugin,
      documents.plugin,
      refusalStatusPlugin,
      ...limits.plugins,
      ...(dataChanges
        ? [
            publicResponseCache({
              feed: dataChanges,
              viewerScopes: viewerScopesOf(modules),
              isPublicOperation: publicOperationCheck(schema, new Set(modules.flatMap((module) => module.publicFields ?? []))),
              isOwnOperation: publicOperationCheck(schema, new Set(modules.flatMap((module) => module.ownFields ?? []))),
              scopes: new Map(modules.flatMap((module) => Object.entries(module.publicScopes ?? {}))),
              seconds: config.publicCache.seconds,
              maxBytes: config.publicCache.maxBytes,
            }),
          ]
        : []),
      {
        async requestDidStart() {
          return {
            async didEncounterErrors({ errors, contextValue }) {
              logUnexpectedErrors(contextValue, errors);
            },
          };
        },
      },
      ...(config.isProduction && !config.introspection ? [ApolloServerPluginLandingPageDisabled()] : []),
    ],
  });
  await apollo.start();

  app.use(metrics.requestTiming);
  app.use(requestLogging(log, { secretPathPrefixes: modules.flatMap((module) => module.secretPathPrefixes ?? []) }));
  app.use(securityHeaders(config));
  let stopping = false;
  const notReadyBecause = () => (stopping ? "shutting down" : eventBus.isReady() && rateLimits.isReady() ? null : "redis unreachable");
  app.use(healthRoutes(db, notReadyBecause));
  app.use(metrics.routes({ token: config.metricsToken, closed: config.isProduction }));
  if (storage.router) app.use(storage.router);
  for (const module of modules) {
    const router = express.Router();
    module.routes?.(router, platform);
    app.use(router);
  }
  app.use(
    "/graphql",
    express.json({ limit: config.maxBodyBytes }),
    batchSizeLimit(config.graphqlMaxBatch),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const viewer = await authenticateBearer(platform, req.headers.authorization);
        await countRequest(viewer, clientAddress.of(req), operationsIn(req.body));
        return createContext(platform, {
          requestId: String(req.id),
          viewer,
          ip: clientAddress.of(req),
          userAgent: req.headers["user-agent"],
        });
      },
    }),
  );
  const webClient = webClientRoutes();
  if (webClient) app.use(webClient);
  app.use(notFound);
  app.use(requestErrorHandler);

  const mailRetry = setInterval(() => void platform.mailer.deliverPending().catch(() => {}), MAIL_RETRY_INTERVAL_MS);
  mailRetry.unref();

  for (const module of modules) await module.start?.(platform);
  // After the modules' start: their listeners may send jobs to the queues it creates.
  const domainEvents = startDomainEventDispatcher({ databaseUrl: config.databaseUrl, log, listeners: registeredListeners(modules), context: platform });

  return {
    platform,
    schema,
    httpServer,
    domainEvents,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        httpServer.once("error", reject);
        httpServer.listen(port, host, () => {
          const address = httpServer.address();
          const actualPort = typeof address === "object" && address ? address.port : port;
          resolve(`http://${host && host !== "0.0.0.0" ? host : "localhost"}:${actualPort}`);
        });
      }),
    async close() {
      // First: a load balancer's next health check sends new requests elsewhere while these drain.
      stopping = true;
      clearInterval(mailRetry);
      await apollo.stop();
      if (httpServer.listening) await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      await domainEvents.stop();
      for (const module of modules) await module.stop?.(platform);
      await jobs.stop();
      await Promise.all([eventBus.close(), rateLimits.close(), dataChanges?.close()]);
    },
  };
}

/** Our own answer for an unknown path: Express's default one replaces the security headers with its own. */
const notFound: RequestHandler = (_request, response) => {
  response.status(404).type("text/plain").send("Not found.");
};

/** Errors raised before GraphQL runs (a body too large, malformed JSON) still answer in GraphQL's shape. */
const requestErrorHandler: ErrorRequestHandler = (error, _request, response, next) => {
  if (response.headersSent) return next(error);
  const status = typeof error.status === "number" ? error.status : 500;
  const code = codeOf(error) ?? (status < 500 ? ErrorCode.BAD_USER_INPUT : ErrorCode.INTERNAL_SERVER_ERROR);
  const message =
    error.type === "entity.too.large"
      ? "The request body is too large."
      : status < 500
        ? "The request body is not valid JSON."
        : "Internal server error.";
  response.status(status).json({ errors: [{ message, extensions: { code } }] });
};
