/** Browser journeys: the built web client served by a real API (server/test/support) in Debian's chromium. */
const { readFileSync } = require("node:fs");
const path = require("node:path");

const server = path.resolve(__dirname, "../../server");
// The journeys start the server in-process, so its decorators need the server's SWC settings.
const swc = JSON.parse(readFileSync(path.join(server, ".swcrc"), "utf8"));
delete swc.$schema;
swc.jsc.rewriteRelativeImportExtensions = false;

module.exports = {
  rootDir: __dirname,
  testEnvironment: "node",
  testMatch: ["<rootDir>/**/*.e2e.ts"],
  moduleFileExtensions: ["ts", "js", "json"],
  transform: { "^.+\\.ts$": ["@swc/jest", { ...swc, swcrc: false }] },
  setupFiles: ["reflect-metadata"],
  setupFilesAfterEnv: ["<rootDir>/support/no-csp-violations.ts"],
  globalSetup: "<rootDir>/support/global-setup.ts",
  globalTeardown: path.join(server, "test/support/global-teardown.ts"),
  testTimeout: 90_000,
  // One chromium at a time: two would fight over the two cores and make timings meaningless.
  maxWorkers: 1,
};
