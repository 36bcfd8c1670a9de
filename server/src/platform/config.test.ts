import { generateKeyPairSync } from "node:crypto";
import { ConfigError, loadConfig } from "./config.ts";

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

it("starts on embedded defaults with no environment at all", () => {
  const config = loadConfig({});
  expect(config).toMatchObject({ env: "development", port: 4000, databaseUrl: undefined, redisUrl: undefined, seedDemoData: true, introspection: true });
  expect(config.jwtSecret).toHaveLength(64);
  expect(config.dataDir).toMatch(/\.data$/);
});

it("names every bad variable with what was wrong and what it got", () => {
  const problems = problemsOf({ PORT: "eighty", DATABASE_URL: "mysql://x", REDIS_URL: "nope", SMTP_URL: "http://mail", SEED_DEMO_DATA: "maybe" });
  expect(problems).toHaveLength(5);
  expect(problems.find((p) => p.startsWith("PORT:"))).toMatch(/"eighty"/);
  expect(problems.find((p) => p.startsWith("DATABASE_URL:"))).toMatch(/postgres/);
  expect(problems.find((p) => p.startsWith("SEED_DEMO_DATA:"))).toMatch(/true or false/);
});

it("checks the traces' collector address at start, though the exporter reads it", () => {
  expect(problemsOf({ OTEL_EXPORTER_OTLP_ENDPOINT: "collector:4318" })).toEqual([expect.stringMatching(/^OTEL_EXPORTER_OTLP_ENDPOINT: must start with http/)]);
  expect(problemsOf({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "grpc://collector:4317" })).toEqual([expect.stringMatching(/^OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: must start with http/)]);
  expect(problemsOf({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318" })).toEqual([]);
});

it("requires secrets and a database in production", () => {
  expect(problemsOf({ NODE_ENV: "production" })).toEqual([
    "JWT_SECRET: required when NODE_ENV=production",
    "DATABASE_URL: required when NODE_ENV=production",
    "MEDIA_SIGNING_KEY: required when NODE_ENV=production and STORAGE_DRIVER=local",
    expect.stringMatching(/^PAYMENTS_PROVIDER: set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET/),
  ]);
  const production = {
    NODE_ENV: "production",
    JWT_SECRET: "s".repeat(32),
    DATABASE_URL: "postgres://db/lms",
    MEDIA_SIGNING_KEY: "m".repeat(32),
    PAYMENTS_PROVIDER: "local",
  };
  const config = loadConfig(production);
  expect(config).toMatchObject({ isProduction: true, introspection: false, seedDemoData: false });
  expect(loadConfig({ ...production, GRAPHQL_INTROSPECTION: "true" }).introspection).toBe(true);
});

describe("payments", () => {
  const stripeSecrets = { STRIPE_SECRET_KEY: "sk_test_secret", STRIPE_WEBHOOK_SECRET: "whsec_secret" };

  it("defaults to the local provider, and to Stripe once both its secrets are set", () => {
    expect(loadConfig({}).payments).toEqual({ provider: "local", signingKey: undefined, checkoutTtlSeconds: 3600 });
    expect(loadConfig({ ...stripeSecrets, STRIPE_API_URL: "http://127.0.0.1:12111" }).payments).toEqual({
      provider: "stripe",
      secretKey: "sk_test_secret",
      webhookSecret: "whsec_secret",
      apiUrl: "http://127.0.0.1:12111",
    });
    expect(loadConfig({ ...stripeSecrets, PAYMENTS_PROVIDER: "local" }).payments.provider).toBe("local");
  });

  it("refuses Stripe without both secrets, and one secret without the other", () => {
    expect(problemsOf({ PAYMENTS_PROVIDER: "stripe", STRIPE_SECRET_KEY: "sk_test_secret" })).toEqual(["STRIPE_WEBHOOK_SECRET: required when PAYMENTS_PROVIDER=stripe"]);
    expect(problemsOf({ STRIPE_WEBHOOK_SECRET: "whsec_secret" })).toEqual([expect.stringMatching(/^STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET: set both/)]);
  });

  it("refuses the local provider in production unless PAYMENTS_PROVIDER=local says so", () => {
    const production = { NODE_ENV: "production", JWT_SECRET: "s".repeat(32), DATABASE_URL: "postgres://db/lms", MEDIA_SIGNING_KEY: "m".repeat(32) };
    expect(problemsOf(production)).toEqual([expect.stringMatching(/^PAYMENTS_PROVIDER:/)]);
    expect(loadConfig({ ...production, PAYMENTS_PROVIDER: "local" }).payments).toEqual({ provider: "local", signingKey: expect.stringMatching(/^[0-9a-f]{64}$/), checkoutTtlSeconds: 3600 });
    expect(loadConfig({ ...production, ...stripeSecrets }).payments.provider).toBe("stripe");
  });

  it("never shows a Stripe secret in its complaints", () => {
    expect(problemsOf({ STRIPE_SECRET_KEY: "", STRIPE_WEBHOOK_SECRET: "" }).join("\n")).toMatch(/STRIPE_SECRET_KEY: .*a value that is not shown/);
  });
});

describe("video storage and uploads", () => {
  it("defaults to local storage, 5 GiB uploads in 16 MiB parts above 64 MiB, and one-hour playback URLs", () => {
    const config = loadConfig({});
    expect(config.storage).toEqual({ driver: "local", signingKey: undefined });
    expect(config.uploads).toEqual({ maxBytes: 5 * 1024 ** 3, multipartThresholdBytes: 64 * 1024 ** 2, partBytes: 16 * 1024 ** 2, urlTtlSeconds: 21_600 });
    expect(config.videoUrlTtlSeconds).toBe(3600);
  });

  it("derives a signing key of its own from JWT_SECRET, so local upload URLs survive a restart", () => {
    const first = loadConfig({ JWT_SECRET: "j".repeat(32) }).storage;
    expect(first).toEqual({ driver: "local", signingKey: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(loadConfig({ JWT_SECRET: "j".repeat(32) }).storage).toEqual(first);
    expect(first).not.toEqual({ driver: "local", signingKey: "j".repeat(32) });
  });

  it("needs every S3 setting with STORAGE_DRIVER=s3, and the CDN's URL and key together", () => {
    expect(problemsOf({ STORAGE_DRIVER: "s3", CDN_BASE_URL: "https://videos.b-cdn.net" })).toEqual([
      "S3_REGION: required when STORAGE_DRIVER=s3",
      "S3_BUCKET: required when STORAGE_DRIVER=s3",
      "S3_ACCESS_KEY_ID: required when STORAGE_DRIVER=s3",
      "S3_SECRET_ACCESS_KEY: required when STORAGE_DRIVER=s3",
      "CDN_BASE_URL and CDN_TOKEN_KEY: set both or neither",
    ]);
    const s3 = { STORAGE_DRIVER: "s3", S3_REGION: "auto", S3_BUCKET: "videos", S3_ACCESS_KEY_ID: "id", S3_SECRET_ACCESS_KEY: "secret" };
    expect(loadConfig({ ...s3, S3_FORCE_PATH_STYLE: "true", CDN_BASE_URL: "https://videos.b-cdn.net", CDN_TOKEN_KEY: "k".repeat(16) }).storage).toMatchObject({
      driver: "s3",
      bucket: "videos",
      forcePathStyle: true,
      cdn: { baseUrl: "https://videos.b-cdn.net", tokenKey: "k".repeat(16) },
    });
    expect(problemsOf({ STORAGE_DRIVER: "ftp" })[0]).toMatch(/^STORAGE_DRIVER: .*"ftp"/);
  });

  it("refuses parts below 8 MiB, and a part size whose 10,000 parts cannot hold the largest upload", () => {
    expect(problemsOf({ MULTIPART_PART_BYTES: String(5 * 1024 ** 2) })[0]).toMatch(/^MULTIPART_PART_BYTES:/);
    expect(problemsOf({ MAX_UPLOAD_BYTES: String(100 * 1024 ** 3), MULTIPART_PART_BYTES: String(8 * 1024 ** 2) })).toEqual([
      `MULTIPART_PART_BYTES: 10000 parts of this size cannot hold MAX_UPLOAD_BYTES (${100 * 1024 ** 3})`,
    ]);
  });
});

it("wants ADMIN_EMAIL and ADMIN_PASSWORD together", () => {
  expect(problemsOf({ ADMIN_EMAIL: "root@example.com" })).toEqual(["ADMIN_EMAIL and ADMIN_PASSWORD: set both or neither"]);
  expect(loadConfig({ ADMIN_EMAIL: "root@example.com", ADMIN_PASSWORD: "long enough pw" }).admin).toEqual({ email: "root@example.com", password: "long enough pw" });
});

it("keeps anonymous answers 30 s by default, never longer than half a signed URL's life", () => {
  expect(loadConfig({}).publicCache).toEqual({ seconds: 30, maxBytes: 64 * 1024 ** 2 });
  expect(loadConfig({ PUBLIC_CACHE_SECONDS: "0" }).publicCache.seconds).toBe(0);
  expect(problemsOf({ PUBLIC_CACHE_SECONDS: "301" })[0]).toMatch(/^PUBLIC_CACHE_SECONDS:/);
  expect(problemsOf({ PUBLIC_CACHE_SECONDS: "-1" })[0]).toMatch(/^PUBLIC_CACHE_SECONDS:/);
  expect(problemsOf({ PUBLIC_CACHE_MAX_MB: "0" })[0]).toMatch(/^PUBLIC_CACHE_MAX_MB:/);
  expect(problemsOf({ PUBLIC_CACHE_SECONDS: "60", VIDEO_URL_TTL: "100" })).toEqual(["PUBLIC_CACHE_SECONDS: must be at most half of VIDEO_URL_TTL"]);
});

it("recounts courses' popularity every minute by default, on the cron given, or never with off", () => {
  expect(loadConfig({}).coursePopularityRefreshCron).toBe("* * * * *");
  expect(loadConfig({ COURSE_POPULARITY_REFRESH_CRON: "*/5 * * * *" }).coursePopularityRefreshCron).toBe("*/5 * * * *");
  expect(loadConfig({ COURSE_POPULARITY_REFRESH_CRON: "off" }).coursePopularityRefreshCron).toBeUndefined();
});

it("trusts no proxy's X-Forwarded-For unless TRUST_PROXY names how many proxies there are or where they are", () => {
  expect(loadConfig({}).trustProxy).toBeUndefined();
  expect(loadConfig({ TRUST_PROXY: "" }).trustProxy).toBeUndefined();
  expect(loadConfig({ TRUST_PROXY: "1" }).trustProxy).toBe(1);
  expect(loadConfig({ TRUST_PROXY: "loopback, 10.0.0.0/8,fd00::1" }).trustProxy).toEqual(["loopback", "10.0.0.0/8", "fd00::1"]);
  expect(problemsOf({ TRUST_PROXY: "true" })[0]).toMatch(/^TRUST_PROXY: true would let any client choose its address/);
  expect(problemsOf({ TRUST_PROXY: "proxy.internal" })[0]).toMatch(/^TRUST_PROXY: must be a number of proxies or a comma-separated list/);
  expect(problemsOf({ TRUST_PROXY: "10.0.0.0/33" })[0]).toMatch(/^TRUST_PROXY:/);
});

it("counts a video completed at 90 % watched by default, at COMPLETION_THRESHOLD from 0.5 to 1, and refuses others at start", () => {
  expect(loadConfig({}).completionThreshold).toBe(0.9);
  expect(loadConfig({ COMPLETION_THRESHOLD: "0.75" }).completionThreshold).toBe(0.75);
  expect(loadConfig({ COMPLETION_THRESHOLD: "1" }).completionThreshold).toBe(1);
  for (const bad of ["0.4", "1.1", "ninety"]) expect(problemsOf({ COMPLETION_THRESHOLD: bad })[0]).toMatch(/^COMPLETION_THRESHOLD:/);
});

it("prices the tutor's tokens at 0 USD by default, at the decimal amounts and ISO-4217 currency given, and refuses others at start", () => {
  expect(loadConfig({}).tutor.prices).toEqual({ currency: "USD", promptPer1kTokens: 0, completionPer1kTokens: 0 });
  const priced = loadConfig({ TUTOR_PROMPT_PRICE_PER_1K_TOKENS: "0.00015", TUTOR_COMPLETION_PRICE_PER_1K_TOKENS: "2", TUTOR_PRICE_CURRENCY: "eur" });
  expect(priced.tutor.prices).toEqual({ currency: "EUR", promptPer1kTokens: 0.00015, completionPer1kTokens: 2 });
  for (const bad of ["-0.5", "free", "1e3", "Infinity", "0,15"]) {
    expect(problemsOf({ TUTOR_PROMPT_PRICE_PER_1K_TOKENS: bad })).toEqual([
      `TUTOR_PROMPT_PRICE_PER_1K_TOKENS: must be a decimal amount of at least 0, such as 0.15 (got ${JSON.stringify(bad)})`,
    ]);
  }
  expect(problemsOf({ TUTOR_COMPLETION_PRICE_PER_1K_TOKENS: "-1" })[0]).toMatch(/^TUTOR_COMPLETION_PRICE_PER_1K_TOKENS: must be a decimal amount/);
  for (const bad of ["dollars", "XYZ", ""]) expect(problemsOf({ TUTOR_PRICE_CURRENCY: bad })[0]).toMatch(/^TUTOR_PRICE_CURRENCY: must be an ISO-4217 currency code/);
});

it("turns payments and the tutor on by default, off with FEATURE_PAYMENTS=off and FEATURE_TUTOR=off, and refuses any other value at start", () => {
  expect(loadConfig({}).features).toEqual({ payments: true, tutor: true });
  expect(loadConfig({ FEATURE_PAYMENTS: "off" }).features).toEqual({ payments: false, tutor: true });
  expect(loadConfig({ FEATURE_TUTOR: "off", FEATURE_PAYMENTS: "on" }).features).toEqual({ payments: true, tutor: false });
  // Strict: a typo, or another spelling of a boolean, never silently leaves a feature on or off.
  for (const bad of ["yes", "false", "0", "OFF", ""]) {
    expect(problemsOf({ FEATURE_PAYMENTS: bad })).toEqual([`FEATURE_PAYMENTS: must be on or off (got ${JSON.stringify(bad)})`]);
  }
  expect(problemsOf({ FEATURE_PAYMENTS: "of", FEATURE_TUTOR: "disabled" })).toEqual([
    'FEATURE_PAYMENTS: must be on or off (got "of")',
    'FEATURE_TUTOR: must be on or off (got "disabled")',
  ]);
});

describe("CERTIFICATE_SIGNING_KEY", () => {
  const { privateKey } = generateKeyPairSync("ed25519");
  const pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();

  it("takes an Ed25519 key as a PKCS8 PEM (line breaks written as \\n too) or a JWK, and keeps it as a PEM", () => {
    expect(loadConfig({ CERTIFICATE_SIGNING_KEY: pem }).certificateSigningKey).toBe(pem);
    expect(loadConfig({ CERTIFICATE_SIGNING_KEY: pem.replace(/\n/g, "\\n") }).certificateSigningKey).toBe(pem);
    expect(loadConfig({ CERTIFICATE_SIGNING_KEY: JSON.stringify(privateKey.export({ format: "jwk" })) }).certificateSigningKey).toBe(pem);
    expect(loadConfig({}).certificateSigningKey).toBeUndefined();
  });

  it("refuses another kind of key, or none, without showing what it got", () => {
    const rsa = generateKeyPairSync("rsa", { modulusLength: 1024 }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    for (const value of [rsa, "not a key", JSON.stringify({ kty: "OKP", crv: "Ed25519", x: "public-only" })]) {
      const [problem] = problemsOf({ CERTIFICATE_SIGNING_KEY: value });
      expect(problem).toBe("CERTIFICATE_SIGNING_KEY: must be an Ed25519 private key: a PKCS8 PEM or a JWK (got a value that is not shown)");
    }
  });
});

describe("learning records (xAPI)", () => {
  const lrs = { XAPI_ENDPOINT: "https://lrs.example.com/xapi/", XAPI_USERNAME: "key", XAPI_PASSWORD: "secret" };

  it("pushes nowhere unless XAPI_ENDPOINT is set, and settles records for a minute", () => {
    expect(loadConfig({}).xapi).toEqual({ settleSeconds: 60, lrs: undefined });
    expect(loadConfig(lrs).xapi.lrs).toEqual({ endpoint: "https://lrs.example.com/xapi", username: "key", password: "secret", pushCron: "* * * * *" });
  });

  it("wants the endpoint and its credentials together, and https in production", () => {
    expect(problemsOf({ XAPI_ENDPOINT: lrs.XAPI_ENDPOINT })).toEqual(["XAPI_USERNAME and XAPI_PASSWORD: required when XAPI_ENDPOINT is set"]);
    expect(problemsOf({ XAPI_PASSWORD: "secret" })).toEqual(["XAPI_ENDPOINT: required when XAPI_USERNAME or XAPI_PASSWORD is set"]);
    expect(problemsOf({ XAPI_ENDPOINT: "ftp://lrs.example.com" })).toEqual([expect.stringMatching(/^XAPI_ENDPOINT: must start with http:\/\/ or https:\/\//)]);
    const production = problemsOf({ NODE_ENV: "production", ...lrs, XAPI_ENDPOINT: "http://lrs.example.com/xapi" });
    expect(production).toContainEqual(expect.stringMatching(/^XAPI_ENDPOINT: must be an https URL when NODE_ENV=production/));
    expect(production.join("\n")).not.toContain("secret");
  });
});
