// `npm test`: the server's jest suites, then the browser journeys (web/e2e) when chromium is installed,
// ending with one line `N passed, N failed` for people and CI alike.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const resultsDir = path.join(root, ".data/test-results");
mkdirSync(resultsDir, { recursive: true });

const totals = { passed: 0, failed: 0, skipped: 0 };
let failedRun = false;

function runJest(workspace, extraArgs, reportName = workspace) {
  const outputFile = path.join(resultsDir, `${reportName}.json`);
  rmSync(outputFile, { force: true });
  const jest = path.join(root, "node_modules/jest/bin/jest.js");
  const run = spawnSync(process.execPath, [jest, "--json", `--outputFile=${outputFile}`, ...extraArgs], {
    cwd: path.join(root, workspace),
    stdio: ["ignore", "ignore", "inherit"],
  });
  if (!existsSync(outputFile)) {
    failedRun = true;
    totals.failed += 1;
    return;
  }
  const report = JSON.parse(readFileSync(outputFile, "utf8"));
  totals.passed += report.numPassedTests;
  totals.failed += report.numFailedTests + report.numRuntimeErrorTestSuites;
  totals.skipped += report.numPendingTests + report.numTodoTests;
  if (run.status !== 0) failedRun = true;
}

runJest("server", process.argv.slice(2));

// The browser journeys need Debian's chromium (.ci/run installs it); their setup builds web/dist.
const chromium = "/usr/bin/chromium";
if (existsSync(chromium)) {
  runJest("web", ["--config", "e2e/jest.config.cjs"], "web-e2e");
} else {
  console.log(`\nbrowser journeys skipped: ${chromium} not found (apt-get install -y chromium)`);
}

console.log(`\n${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ""}`);
process.exit(failedRun || totals.failed > 0 ? 1 : 0);
