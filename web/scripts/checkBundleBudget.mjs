// Sums the gzipped size of the JavaScript a first visit downloads before
// anything renders: the entry chunk and, recursively, its static imports
// (route chunks loaded with React.lazy are excluded). Fails above the budget.
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const BUDGET_BYTES = 250 * 1024;
const distDir = resolve(dirname(fileURLToPath(import.meta.url)), "../dist");
const html = readFileSync(join(distDir, "index.html"), "utf8");
const entry = html.match(/<script type="module"[^>]*src="\/([^"]+)"/)?.[1];
if (!entry) throw new Error("No module entry script in dist/index.html");

const STATIC_IMPORT = /(?:\bfrom|\bimport)\s*["'`](\.\/[^"'`]+\.js)["'`]/g;
const seen = new Set();
const pending = [entry];
let totalBytes = 0;
while (pending.length > 0) {
  const file = pending.pop();
  if (seen.has(file)) continue;
  seen.add(file);
  const code = readFileSync(join(distDir, file));
  const gzipped = gzipSync(code, { level: 9 }).length;
  totalBytes += gzipped;
  console.log(`${(gzipped / 1024).toFixed(2).padStart(8)} kB  ${file}`);
  for (const [, relative] of code.toString("utf8").matchAll(STATIC_IMPORT)) {
    pending.push(join(dirname(file), relative));
  }
}

const verdict = totalBytes <= BUDGET_BYTES ? "within" : "OVER";
console.log(`${(totalBytes / 1024).toFixed(2).padStart(8)} kB  initial JavaScript, gzipped (${verdict} the ${BUDGET_BYTES / 1024} kB budget)`);
if (totalBytes > BUDGET_BYTES) process.exit(1);
