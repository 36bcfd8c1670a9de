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

it("requires secrets and a database in production", () => {
  expect(problemsOf({ NODE_ENV: "production" })).toEqual([
    "JWT_SECRET: required when NODE_ENV=production",
    "DATABASE_URL: required when NODE_ENV=production",
  ]);
  const config = loadConfig({ NODE_ENV: "production", JWT_SECRET: "s".repeat(32), DATABASE_URL: "postgres://db/lms" });
  expect(config).toMatchObject({ isProduction: true, introspection: false, seedDemoData: false });
  expect(loadConfig({ NODE_ENV: "production", JWT_SECRET: "s".repeat(32), DATABASE_URL: "postgres://db/lms", GRAPHQL_INTROSPECTION: "true" }).introspection).toBe(true);
});

it("wants ADMIN_EMAIL and ADMIN_PASSWORD together", () => {
  expect(problemsOf({ ADMIN_EMAIL: "root@example.com" })).toEqual(["ADMIN_EMAIL and ADMIN_PASSWORD: set both or neither"]);
  expect(loadConfig({ ADMIN_EMAIL: "root@example.com", ADMIN_PASSWORD: "long enough pw" }).admin).toEqual({ email: "root@example.com", password: "long enough pw" });
});
