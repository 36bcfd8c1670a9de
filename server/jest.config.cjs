/** Integration tests against a real PostgreSQL: one database per test file, cloned from a migrated template. */
const { readFileSync } = require("node:fs");

// Under jest the sources are required as they are, `.ts` import extensions included.
const swc = JSON.parse(readFileSync(`${__dirname}/.swcrc`, "utf8"));
delete swc.$schema;
swc.jsc.rewriteRelativeImportExtensions = false;

module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/src", "<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  moduleFileExtensions: ["ts", "js", "json"],
  transform: { "^.+\\.ts$": ["@swc/jest", { ...swc, swcrc: false }] },
  setupFiles: ["reflect-metadata"],
  globalSetup: "<rootDir>/test/support/global-setup.ts",
  globalTeardown: "<rootDir>/test/support/global-teardown.ts",
  testTimeout: 60_000,
  // Each file runs its own server and database; two workers keep both cores busy.
  maxWorkers: 2,
};
