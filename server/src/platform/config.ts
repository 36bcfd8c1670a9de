// Configuration comes from the environment only, checked once at start.
import { createHmac, createPrivateKey, randomBytes } from "node:crypto";
import path from "node:path";
import { z } from "zod";
import { trustedHop, type TrustProxy } from "./client-address.ts";
import { REPOSITORY_ROOT } from "./paths.ts";

const booleanFlag = z
  .enum(["true", "false", "1", "0"], { message: "must be true or false" })
  .transform((value) => value === "true" || value === "1");

/**
 * A feature flag (FEATURE_*): on or off, nothing else, so a typo stops the start instead of
 * silently leaving a feature on or off.
 */
const featureSwitch = z
  .enum(["on", "off"], { message: "must be on or off" })
  .default("on")
  .transform((value) => value === "on");

const optionalUrl = (protocols: string[]) =>
  z
    .string()
    .url({ message: "must be a URL" })
    .refine((value) => protocols.some((protocol) => value.startsWith(`${protocol}:`)), {
      message: `must start with ${protocols.map((p) => `${p}://`).join(" or ")}`,
    })
    .optional();

const TRUST_PROXY_FORMAT = "must be a number of proxies or a comma-separated list of their addresses, CIDR ranges, loopback, linklocal or uniquelocal";

/** A hop count, or the addresses Express's "trust proxy" accepts; empty trusts no proxy. */
const trustProxySetting = z.string().transform((value, context): TrustProxy | undefined => {
  const setting = value.trim();
  if (!setting) return undefined;
  if (/^\d+$/.test(setting)) return Number(setting);
  if (setting === "true") {
    context.addIssue({ code: "custom", message: "true would let any client choose its address in X-Forwarded-For: give the number of proxies or their addresses" });
    return z.NEVER;
  }
  const addresses = setting.split(",").map((address) => address.trim());
  try {
    trustedHop(addresses);
  } catch {
    context.addIssue({ code: "custom", message: TRUST_PROXY_FORMAT });
    return z.NEVER;
  }
  return addresses;
});

/**
 * An Ed25519 private key, as a PKCS8 PEM (its line breaks may be written as \n) or a JWK (JSON),
 * read into a PKCS8 PEM.
 */
const ed25519PrivateKey = z.string().transform((value, context) => {
  const text = value.trim();
  try {
    const key = text.startsWith("{")
      ? createPrivateKey({ key: JSON.parse(text) as Record<string, unknown>, format: "jwk" })
      : createPrivateKey(text.replace(/\\n/g, "\n"));
    if (key.asymmetricKeyType === "ed25519") return key.export({ type: "pkcs8", format: "pem" }).toString();
  } catch {
    // Reported below, without the key's text.
  }
  context.addIssue({ code: "custom", message: "must be an Ed25519 private key: a PKCS8 PEM or a JWK" });
  return z.NEVER;
});

/** An amount in a currency's major units (dollars, euros), written as a decimal: "0.15". */
const decimalAmount = z
  .string()
  .trim()
  .regex(/^\d+(\.\d+)?$/, { message: "must be a decimal amount of at least 0, such as 0.15" })
  .transform(Number);

/** An ISO-4217 code the runtime knows (its minor units are then known too). */
const currencyCode = z
  .string()
  .trim()
  .transform((value) => value.toUpperCase())
  .refine((code) => Intl.supportedValuesOf("currency").includes(code), { message: "must be an ISO-4217 currency code, such as USD or EUR" });

const MIB = 1024 * 1024;
const GIB = 1024 * MIB;
/** Smaller parts would make many requests per upload for little gain in retry cost. */
const MIN_MULTIPART_PART_BYTES = 8 * MIB;
const MAX_S3_OBJECT_BYTES = 5 * 1024 * GIB;
/** S3 numbers parts 1 to 10,000. */
const MAX_UPLOAD_PARTS = 10_000;

const environmentSchema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  PORT: z.coerce.number({ message: "must be a port number" }).int().min(0).max(65535).default(4000),
  HOST: z.string().default("0.0.0.0"),
  PUBLIC_URL: z.string().url({ message: "must be a URL" }).optional(),
  TRUST_PROXY: trustProxySetting.optional(),
  DATA_DIR: z.string().default(".data"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),

  DATABASE_URL: optionalUrl(["postgres", "postgresql"]),
  EMBEDDED_POSTGRES_PORT: z.coerce.number().int().min(1).max(65535).default(5488),
  REDIS_URL: optionalUrl(["redis", "rediss"]),

  JWT_SECRET: z.string().min(32, { message: "must be at least 32 characters" }).optional(),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(900),
  REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  PASSWORD_RESET_TTL_MINUTES: z.coerce.number().int().min(5).max(1440).default(30),

  ADMIN_EMAIL: z.string().email({ message: "must be an email address" }).optional(),
  ADMIN_PASSWORD: z.string().min(8, { message: "must be at least 8 characters" }).max(128).optional(),
  SEED_DEMO_DATA: booleanFlag.optional(),

  SMTP_URL: optionalUrl(["smtp", "smtps"]),
  MAIL_FROM: z.string().default("Courses <no-reply@localhost>"),

  AUTH_IP_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  SIGN_IN_FAILURES_PER_HOUR: z.coerce.number().int().min(1).default(10),
  SIGN_IN_FAILURES_PER_IP_PER_HOUR: z.coerce.number().int().min(1).default(100),
  PASSWORD_RESETS_PER_HOUR: z.coerce.number().int().min(1).default(10),

  GRAPHQL_INTROSPECTION: booleanFlag.optional(),
  /** Browsers may run only the web client's own operations (trusted-documents.ts); API keys any. */
  TRUSTED_DOCUMENTS_ONLY: booleanFlag.optional(),
  // Room for a 1 MB WebVTT transcript plus the rest of its request.
  MAX_BODY_BYTES: z.coerce.number().int().min(1024).max(50 * 1024 * 1024).default(2 * 1024 * 1024),
  API_REQUESTS_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  GRAPHQL_MAX_DEPTH: z.coerce.number().int().min(2).max(50).default(8),
  GRAPHQL_MAX_ALIASES: z.coerce.number().int().min(0).max(1000).default(15),
  GRAPHQL_MAX_COST: z.coerce.number().int().min(100).default(5000),
  GRAPHQL_MAX_TOKENS: z.coerce.number().int().min(100).default(2000),
  GRAPHQL_MAX_DIRECTIVES: z.coerce.number().int().min(0).max(1000).default(20),
  GRAPHQL_MAX_BATCH: z.coerce.number().int().min(1).max(100).default(10),
  WEBSOCKET_CONNECTIONS_PER_ADDRESS: z.coerce.number().int().min(1).max(100_000).default(50),
  METRICS_TOKEN: z.string().min(16, { message: "must be at least 16 characters" }).optional(),
  // Read by the OpenTelemetry exporter itself (platform/tracing.ts); checked here so a typo stops the start.
  OTEL_EXPORTER_OTLP_ENDPOINT: optionalUrl(["http", "https"]),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: optionalUrl(["http", "https"]),

  STORAGE_DRIVER: z.enum(["local", "s3"]).default("local"),
  S3_ENDPOINT: optionalUrl(["http", "https"]),
  S3_REGION: z.string().min(1).optional(),
  S3_BUCKET: z.string().min(3, { message: "must be a bucket name" }).optional(),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  S3_FORCE_PATH_STYLE: booleanFlag.optional(),
  CDN_BASE_URL: optionalUrl(["https", "http"]),
  CDN_TOKEN_KEY: z.string().min(16, { message: "must be at least 16 characters" }).optional(),
  MEDIA_SIGNING_KEY: z.string().min(32, { message: "must be at least 32 characters" }).optional(),
  MAX_UPLOAD_BYTES: z.coerce.number().int().min(1024 * 1024).max(MAX_S3_OBJECT_BYTES).default(5 * GIB),
  MULTIPART_THRESHOLD_BYTES: z.coerce.number().int().min(MIN_MULTIPART_PART_BYTES).max(5 * GIB).default(64 * MIB),
  MULTIPART_PART_BYTES: z.coerce.number().int().min(MIN_MULTIPART_PART_BYTES).max(5 * GIB).default(16 * MIB),
  UPLOAD_URL_TTL_SECONDS: z.coerce.number().int().min(60).max(7 * 86_400).default(6 * 3600),
  RESOURCE_MAX_BYTES: z.coerce.number().int().min(1024).max(5 * GIB).default(100 * MIB),
  RESOURCE_MAX_PER_VIDEO: z.coerce.number().int().min(1).max(1000).default(20),
  RESOURCE_URL_TTL_SECONDS: z.coerce.number().int().min(30).max(86_400).default(900),
  VIDEO_URL_TTL: z.coerce.number().int().min(60).max(7 * 86_400).default(3600),
  VIDEO_TRANSCODE_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(1),
  PUBLIC_CACHE_SECONDS: z.coerce.number().int().min(0).max(300).default(30),
  PUBLIC_CACHE_MAX_MB: z.coerce.number().int().min(1).max(4096).default(64),
  COURSE_POPULARITY_REFRESH_CRON: z.string().min(1).default("* * * * *"),
  COMPLETION_THRESHOLD: z.coerce.number({ message: "must be a number" }).min(0.5).max(1).default(0.9),
  CERTIFICATE_SIGNING_KEY: ed25519PrivateKey.optional(),

  PAYMENTS_PROVIDER: z.enum(["local", "stripe"]).optional(),
  STRIPE_SECRET_KEY: z.string().min(1).optional(),
  STRIPE_WEBHOOK_SECRET: z.string().min(1).optional(),
  STRIPE_API_URL: optionalUrl(["http", "https"]),
  PAYMENT_RECONCILIATION_CRON: z.string().min(1).default("* * * * *"),
  PAYMENT_RECONCILIATION_AFTER_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
  TUTOR_DAILY_TOKENS: z.coerce.number().int().min(1000).default(50_000),
  TUTOR_REQUESTS_PER_MINUTE: z.coerce.number().int().min(1).max(1000).default(10),
  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_BASE_URL: optionalUrl(["http", "https"]),
  OPENAI_MODEL: z.string().min(1).default("gpt-4o-mini"),
  TUTOR_MODEL_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(600).default(60),
  TUTOR_PROMPT_PRICE_PER_1K_TOKENS: decimalAmount.default(0),
  TUTOR_COMPLETION_PRICE_PER_1K_TOKENS: decimalAmount.default(0),
  TUTOR_PRICE_CURRENCY: currencyCode.default("USD"),
  ANALYTICS_RETENTION_DAYS: z.coerce.number().int().min(31).max(3660).default(400),
  ANALYTICS_MAINTENANCE_CRON: z.string().min(1).default("17 * * * *"),
  LOCAL_CHECKOUT_TTL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(3600),
  WEBHOOK_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(30).default(10),
  WEBHOOK_SECRETS_KEY: z.string().min(32, { message: "must be at least 32 characters" }).optional(),
  XAPI_ENDPOINT: optionalUrl(["http", "https"]),
  XAPI_USERNAME: z.string().min(1).optional(),
  XAPI_PASSWORD: z.string().min(1).optional(),
  XAPI_PUSH_CRON: z.string().min(1).default("* * * * *"),
  XAPI_SETTLE_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
  FEATURE_PAYMENTS: featureSwitch,
  FEATURE_TUTOR: featureSwitch,
});

export type Environment = z.infer<typeof environmentSchema>;

export interface Config {
  env: Environment["NODE_ENV"];
  isProduction: boolean;
  port: number;
  host: string;
  publicUrl: string;
  /** The reverse proxies whose X-Forwarded-For names the client (see client-address.ts); none when unset. */
  trustProxy?: TrustProxy;
  dataDir: string;
  logLevel: Environment["LOG_LEVEL"];
  databaseUrl?: string;
  embeddedPostgresPort: number;
  redisUrl?: string;
  jwtSecret: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlDays: number;
  passwordResetTtlMinutes: number;
  admin?: { email: string; password: string };
  seedDemoData: boolean;
  smtpUrl?: string;
  mailFrom: string;
  introspection: boolean;
  /** Browsers may run only the web client's documents (web/src/gql/persisted-documents.json); API keys any. */
  trustedDocumentsOnly: boolean;
  /** Sign-ups, sign-ins and reset requests one IP address may make per minute. */
  authIpLimitPerMinute: number;
  /** Failed sign-ins one IP address may make on one account per hour (see auth.limits.ts). */
  signInFailuresPerHour: number;
  /** Failed sign-ins one IP address may make on any accounts per hour. */
  signInFailuresPerIpPerHour: number;
  /** Password reset requests one IP address may make per hour. */
  passwordResetsPerHour: number;
  maxBodyBytes: number;
  /** Requests one viewer (a user, an API key, or an anonymous IP address) may make per minute. */
  apiRequestsPerMinute: number;
  graphqlMaxDepth: number;
  graphqlMaxAliases: number;
  /** graphql-armor's estimate: objects 2, scalars 1, multiplied by 1.5 per level of depth. */
  graphqlMaxCost: number;
  graphqlMaxTokens: number;
  graphqlMaxDirectives: number;
  /** Operations one batched HTTP request may carry. */
  graphqlMaxBatch: number;
  /** GraphQL WebSocket connections one client address may hold open at once. */
  webSocketConnectionsPerAddress: number;
  /**
   * The bearer token GET /metrics asks for. Without one, /metrics is open in development and tests
   * and not served in production (it names operations and shows load: for the scraper only).
   */
  metricsToken?: string;
  storage: StorageConfig;
  uploads: UploadConfig;
  /** Files instructors attach to a video (video-resource.service.ts). */
  resources: { maxBytes: number; maxPerVideo: number; downloadUrlTtlSeconds: number };
  /** Lifetime of playback and thumbnail URLs. */
  videoUrlTtlSeconds: number;
  /** HLS ladder transcodes this instance runs at once; each keeps ffmpeg busy on every core it gets. */
  videoTranscodeConcurrency: number;
  publicCache: PublicCacheConfig;
  /** When the catalog recounts courses' POPULARITY (a cron, UTC); undefined ("off"): never. */
  coursePopularityRefreshCron: string | undefined;
  /** The share (0.5 to 1) of a video's duration a learner's watched ranges must cover for it to count as completed. */
  completionThreshold: number;
  /** The Ed25519 key (PKCS8 PEM) certificates' credentials are signed with: CERTIFICATE_SIGNING_KEY, else one kept in DATA_DIR (see certificate.keys.ts). */
  certificateSigningKey?: string;
  payments: PaymentsConfig;
  /** Open payments unchanged for afterSeconds are settled by asking their provider, on cron (unset: never; see billing's payment-reconciliation.ts). */
  paymentReconciliation: { cron: string | undefined; afterSeconds: number };
  /** Each learner's tutor budget: tokens per UTC day and questions per minute (see tutor's tutor-budget.ts). */
  tutor: { dailyTokens: number; requestsPerMinute: number; openAi?: OpenAiConfig; prices: TutorPrices };
  /**
   * Raw events are kept retentionDays (whole monthly partitions dropped) by the maintenance job on
   * maintenanceCron, which also makes the coming months' partitions: it cannot be turned off, as
   * events would have no partition to go to once the months made at start are over.
   */
  analytics: { retentionDays: number; maintenanceCron: string };
  webhooks: WebhooksConfig;
  xapi: XapiConfig;
  features: Features;
}

/** Learning records as xAPI statements (integrations' learning-records.service.ts and xapi-push.ts). */
export interface XapiConfig {
  /**
   * A learning event becomes a record this long after it is stored, with the progress reports
   * stored until then: a paused or completed statement's played segments are final when it is read.
   */
  settleSeconds: number;
  /** XAPI_ENDPOINT and its Basic credentials: the records are pushed there on pushCron; off when unset. */
  lrs?: { endpoint: string; username: string; password: string; pushCron: string };
}

/** Partners' outgoing webhooks (integrations' webhook-delivery.ts). */
export interface WebhooksConfig {
  /** An attempt not answered by then is aborted and counts as failed. */
  timeoutSeconds: number;
  /**
   * Whether endpoints may be on loopback, private, link-local and other non-public addresses: in
   * development and tests (a receiver on the same machine), never in production (server-side request forgery).
   */
  allowPrivateAddresses: boolean;
  /** Encrypts the endpoints' signing secrets at rest: WEBHOOK_SECRETS_KEY, else derived from JWT_SECRET, else see webhook-secrets.ts. */
  secretsKey?: string;
}

/**
 * The parts that talk to the outside world, each turned on or off for this environment (see
 * platform/features.ts). Off, their operations are refused with a reason and the web client hides
 * their entry points; what they stored stays readable.
 */
export interface Features {
  /** FEATURE_PAYMENTS: checkouts and refunds through the payment provider. */
  payments: boolean;
  /** FEATURE_TUTOR: questions to the tutor's model and its answer stream. */
  tutor: boolean;
}

/**
 * What the tutor's model charges, for the course owners' estimate of their tutor's cost (tutor's
 * course-tutor-usage.service.ts); the offline excerpts cost nothing. Major units per 1,000 tokens.
 */
export interface TutorPrices {
  currency: string;
  promptPer1kTokens: number;
  completionPer1kTokens: number;
}

/**
 * Who takes the learners' money: Stripe, or the local provider (the API's own checkout page, for
 * development and tests). PAYMENTS_PROVIDER, else Stripe when both its secrets are set, else local;
 * production refuses the local provider unless PAYMENTS_PROVIDER=local says so.
 */
export type PaymentsConfig =
  | {
      provider: "local";
      /** HMAC key of the local checkout page's links, derived from JWT_SECRET, else see billing's local-checkout key. */
      signingKey?: string;
      /** How long a checkout's page takes payments after the payment started; then the payment lapses (CANCELED). */
      checkoutTtlSeconds: number;
    }
  | {
      provider: "stripe";
      secretKey: string;
      webhookSecret: string;
      /** Another host, port and protocol for the SDK (the tests' local Stripe peer); Stripe's own when unset. */
      apiUrl?: string;
    };

/**
 * The tutor's OpenAI-compatible model, when OPENAI_API_KEY is set; else the tutor answers with
 * excerpts of the course (offline, free).
 */
export interface OpenAiConfig {
  apiKey: string;
  /** Another OpenAI-compatible endpoint (its /v1); OpenAI's own when unset. */
  baseUrl?: string;
  model: string;
  timeoutSeconds: number;
}

/** Anonymous answers to public queries, shared until the data changes: see public-response-cache.ts. */
export interface PublicCacheConfig {
  /** At most this old when reused, here and (Cache-Control max-age) in browsers and CDNs; 0 turns the cache off. */
  seconds: number;
  maxBytes: number;
}

export type StorageConfig =
  | {
      driver: "local";
      /** HMAC key of the upload and playback URLs: MEDIA_SIGNING_KEY, else derived from JWT_SECRET, else see media-signing-key.ts. */
      signingKey?: string;
    }
  | {
      driver: "s3";
      endpoint?: string;
      region: string;
      bucket: string;
      accessKeyId: string;
      secretAccessKey: string;
      forcePathStyle: boolean;
      cdn?: { baseUrl: string; tokenKey: string };
    };

export interface UploadConfig {
  maxBytes: number;
  /** Files of this size and larger are sent in parts. */
  multipartThresholdBytes: number;
  partBytes: number;
  urlTtlSeconds: number;
}

const SECRET_VARIABLE = /SECRET|PASSWORD|_KEY$/;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
  }
}

/** Reads and checks the environment; throws a ConfigError naming every bad variable. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environmentSchema.safeParse(source);
  if (!parsed.success) {
    const firstIssuePerVariable = new Map<string, string>();
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0]);
      // A secret's text never goes to the log, however wrong.
      const got = SECRET_VARIABLE.test(name) ? "a value that is not shown" : JSON.stringify(source[name]);
      if (!firstIssuePerVariable.has(name)) firstIssuePerVariable.set(name, `${name}: ${issue.message} (got ${got})`);
    }
    throw new ConfigError([...firstIssuePerVariable.values()]);
  }
  const env = parsed.data;
  const problems: string[] = [];
  const isProduction = env.NODE_ENV === "production";
  if (isProduction && !env.JWT_SECRET) problems.push("JWT_SECRET: required when NODE_ENV=production");
  if (isProduction && !env.DATABASE_URL) problems.push("DATABASE_URL: required when NODE_ENV=production");
  if (Boolean(env.ADMIN_EMAIL) !== Boolean(env.ADMIN_PASSWORD)) {
    problems.push("ADMIN_EMAIL and ADMIN_PASSWORD: set both or neither");
  }
  problems.push(...storageProblems(env, isProduction));
  problems.push(...paymentsProblems(env, isProduction));
  if (env.XAPI_ENDPOINT && !(env.XAPI_USERNAME && env.XAPI_PASSWORD)) problems.push("XAPI_USERNAME and XAPI_PASSWORD: required when XAPI_ENDPOINT is set");
  if (!env.XAPI_ENDPOINT && (env.XAPI_USERNAME || env.XAPI_PASSWORD)) problems.push("XAPI_ENDPOINT: required when XAPI_USERNAME or XAPI_PASSWORD is set");
  if (isProduction && env.XAPI_ENDPOINT?.startsWith("http:")) problems.push("XAPI_ENDPOINT: must be an https URL when NODE_ENV=production (the learners' records and the LRS's password go there)");
  // A reused answer's signed thumbnail URLs must still work for a while after it is served.
  if (env.PUBLIC_CACHE_SECONDS * 2 > env.VIDEO_URL_TTL) problems.push("PUBLIC_CACHE_SECONDS: must be at most half of VIDEO_URL_TTL");
  if (problems.length) throw new ConfigError(problems);

  return {
    env: env.NODE_ENV,
    isProduction,
    port: env.PORT,
    host: env.HOST,
    publicUrl: (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, ""),
    trustProxy: env.TRUST_PROXY,
    dataDir: path.resolve(REPOSITORY_ROOT, env.DATA_DIR),
    logLevel: env.LOG_LEVEL,
    databaseUrl: env.DATABASE_URL,
    embeddedPostgresPort: env.EMBEDDED_POSTGRES_PORT,
    redisUrl: env.REDIS_URL,
    // Without a configured secret, access tokens die with the process; refresh tokens
    // live in the database, so clients simply refresh after a development restart.
    jwtSecret: env.JWT_SECRET ?? randomBytes(32).toString("hex"),
    accessTokenTtlSeconds: env.ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlDays: env.REFRESH_TOKEN_TTL_DAYS,
    passwordResetTtlMinutes: env.PASSWORD_RESET_TTL_MINUTES,
    admin: env.ADMIN_EMAIL && env.ADMIN_PASSWORD ? { email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD } : undefined,
    seedDemoData: env.SEED_DEMO_DATA ?? !isProduction,
    smtpUrl: env.SMTP_URL,
    mailFrom: env.MAIL_FROM,
    introspection: env.GRAPHQL_INTROSPECTION ?? !isProduction,
    trustedDocumentsOnly: env.TRUSTED_DOCUMENTS_ONLY ?? false,
    authIpLimitPerMinute: env.AUTH_IP_LIMIT_PER_MINUTE,
    signInFailuresPerHour: env.SIGN_IN_FAILURES_PER_HOUR,
    signInFailuresPerIpPerHour: env.SIGN_IN_FAILURES_PER_IP_PER_HOUR,
    passwordResetsPerHour: env.PASSWORD_RESETS_PER_HOUR,
    maxBodyBytes: env.MAX_BODY_BYTES,
    apiRequestsPerMinute: env.API_REQUESTS_PER_MINUTE,
    graphqlMaxDepth: env.GRAPHQL_MAX_DEPTH,
    graphqlMaxAliases: env.GRAPHQL_MAX_ALIASES,
    graphqlMaxCost: env.GRAPHQL_MAX_COST,
    graphqlMaxTokens: env.GRAPHQL_MAX_TOKENS,
    graphqlMaxDirectives: env.GRAPHQL_MAX_DIRECTIVES,
    graphqlMaxBatch: env.GRAPHQL_MAX_BATCH,
    webSocketConnectionsPerAddress: env.WEBSOCKET_CONNECTIONS_PER_ADDRESS,
    metricsToken: env.METRICS_TOKEN,
    storage: storageConfig(env),
    uploads: {
      maxBytes: env.MAX_UPLOAD_BYTES,
      multipartThresholdBytes: env.MULTIPART_THRESHOLD_BYTES,
      partBytes: env.MULTIPART_PART_BYTES,
      urlTtlSeconds: env.UPLOAD_URL_TTL_SECONDS,
    },
    resources: { maxBytes: env.RESOURCE_MAX_BYTES, maxPerVideo: env.RESOURCE_MAX_PER_VIDEO, downloadUrlTtlSeconds: env.RESOURCE_URL_TTL_SECONDS },
    videoUrlTtlSeconds: env.VIDEO_URL_TTL,
    videoTranscodeConcurrency: env.VIDEO_TRANSCODE_CONCURRENCY,
    publicCache: { seconds: env.PUBLIC_CACHE_SECONDS, maxBytes: env.PUBLIC_CACHE_MAX_MB * MIB },
    coursePopularityRefreshCron: env.COURSE_POPULARITY_REFRESH_CRON === "off" ? undefined : env.COURSE_POPULARITY_REFRESH_CRON,
    completionThreshold: env.COMPLETION_THRESHOLD,
    certificateSigningKey: env.CERTIFICATE_SIGNING_KEY,
    payments: paymentsConfig(env),
    paymentReconciliation: {
      cron: env.PAYMENT_RECONCILIATION_CRON === "off" ? undefined : env.PAYMENT_RECONCILIATION_CRON,
      afterSeconds: env.PAYMENT_RECONCILIATION_AFTER_SECONDS,
    },
    analytics: {
      retentionDays: env.ANALYTICS_RETENTION_DAYS,
      maintenanceCron: env.ANALYTICS_MAINTENANCE_CRON,
    },
    webhooks: {
      timeoutSeconds: env.WEBHOOK_TIMEOUT_SECONDS,
      allowPrivateAddresses: !isProduction,
      // A key of its own even when derived, so it never equals another use of the secret.
      secretsKey: env.WEBHOOK_SECRETS_KEY ?? (env.JWT_SECRET ? createHmac("sha256", env.JWT_SECRET).update("webhook-secrets").digest("hex") : undefined),
    },
    xapi: {
      settleSeconds: env.XAPI_SETTLE_SECONDS,
      lrs: env.XAPI_ENDPOINT
        ? { endpoint: env.XAPI_ENDPOINT.replace(/\/$/, ""), username: env.XAPI_USERNAME!, password: env.XAPI_PASSWORD!, pushCron: env.XAPI_PUSH_CRON }
        : undefined,
    },
    features: { payments: env.FEATURE_PAYMENTS, tutor: env.FEATURE_TUTOR },
    tutor: {
      dailyTokens: env.TUTOR_DAILY_TOKENS,
      requestsPerMinute: env.TUTOR_REQUESTS_PER_MINUTE,
      openAi: env.OPENAI_API_KEY
        ? { apiKey: env.OPENAI_API_KEY, baseUrl: env.OPENAI_BASE_URL, model: env.OPENAI_MODEL, timeoutSeconds: env.TUTOR_MODEL_TIMEOUT_SECONDS }
        : undefined,
      prices: {
        currency: env.TUTOR_PRICE_CURRENCY,
        promptPer1kTokens: env.TUTOR_PROMPT_PRICE_PER_1K_TOKENS,
        completionPer1kTokens: env.TUTOR_COMPLETION_PRICE_PER_1K_TOKENS,
      },
    },
  };
}

const hasStripeSecrets = (env: Environment) => Boolean(env.STRIPE_SECRET_KEY && env.STRIPE_WEBHOOK_SECRET);

const paymentsProvider = (env: Environment): PaymentsConfig["provider"] => env.PAYMENTS_PROVIDER ?? (hasStripeSecrets(env) ? "stripe" : "local");

function paymentsProblems(env: Environment, isProduction: boolean): string[] {
  const problems: string[] = [];
  const provider = paymentsProvider(env);
  if (provider === "stripe") {
    for (const name of ["STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET"] as const) if (!env[name]) problems.push(`${name}: required when PAYMENTS_PROVIDER=stripe`);
  } else if (Boolean(env.STRIPE_SECRET_KEY) !== Boolean(env.STRIPE_WEBHOOK_SECRET)) {
    problems.push("STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET: set both (Stripe takes the payments) or neither");
  }
  // Its page settles any payment at the press of a button: never by accident in production.
  if (provider === "local" && isProduction && env.PAYMENTS_PROVIDER !== "local") {
    problems.push("PAYMENTS_PROVIDER: set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET when NODE_ENV=production, or PAYMENTS_PROVIDER=local to take no real money");
  }
  return problems;
}

function paymentsConfig(env: Environment): PaymentsConfig {
  if (paymentsProvider(env) === "stripe") {
    return { provider: "stripe", secretKey: env.STRIPE_SECRET_KEY!, webhookSecret: env.STRIPE_WEBHOOK_SECRET!, apiUrl: env.STRIPE_API_URL };
  }
  // A key of its own even when derived, so a checkout link's signature can never pass for a token's.
  const derived = env.JWT_SECRET && createHmac("sha256", env.JWT_SECRET).update("local-checkout-signing").digest("hex");
  return { provider: "local", signingKey: derived || undefined, checkoutTtlSeconds: env.LOCAL_CHECKOUT_TTL_SECONDS };
}

const S3_REQUIRED = ["S3_REGION", "S3_BUCKET", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"] as const;

function storageProblems(env: Environment, isProduction: boolean): string[] {
  const problems: string[] = [];
  if (env.STORAGE_DRIVER === "s3") {
    for (const name of S3_REQUIRED) if (!env[name]) problems.push(`${name}: required when STORAGE_DRIVER=s3`);
  } else if (isProduction && !env.MEDIA_SIGNING_KEY) {
    problems.push("MEDIA_SIGNING_KEY: required when NODE_ENV=production and STORAGE_DRIVER=local");
  }
  if (Boolean(env.CDN_BASE_URL) !== Boolean(env.CDN_TOKEN_KEY)) problems.push("CDN_BASE_URL and CDN_TOKEN_KEY: set both or neither");
  if (env.CDN_BASE_URL && env.STORAGE_DRIVER !== "s3") problems.push("CDN_BASE_URL: needs STORAGE_DRIVER=s3 (the CDN pulls from the bucket)");
  if (env.MULTIPART_PART_BYTES * MAX_UPLOAD_PARTS < env.MAX_UPLOAD_BYTES) {
    problems.push(`MULTIPART_PART_BYTES: ${MAX_UPLOAD_PARTS} parts of this size cannot hold MAX_UPLOAD_BYTES (${env.MAX_UPLOAD_BYTES})`);
  }
  return problems;
}

function storageConfig(env: Environment): StorageConfig {
  if (env.STORAGE_DRIVER === "local") {
    // A key of its own even when derived, so an upload signature can never pass for a token's.
    const derived = env.JWT_SECRET && createHmac("sha256", env.JWT_SECRET).update("media-url-signing").digest("hex");
    return { driver: "local", signingKey: env.MEDIA_SIGNING_KEY ?? (derived || undefined) };
  }
  return {
    driver: "s3",
    endpoint: env.S3_ENDPOINT,
    region: env.S3_REGION!,
    bucket: env.S3_BUCKET!,
    accessKeyId: env.S3_ACCESS_KEY_ID!,
    secretAccessKey: env.S3_SECRET_ACCESS_KEY!,
    forcePathStyle: env.S3_FORCE_PATH_STYLE ?? false,
    cdn: env.CDN_BASE_URL && env.CDN_TOKEN_KEY ? { baseUrl: env.CDN_BASE_URL, tokenKey: env.CDN_TOKEN_KEY } : undefined,
  };
}
