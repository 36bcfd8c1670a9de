// `npm run migration -- <name>`: writes prisma/migrations/<timestamp>_<name>/migration.sql with what
// prisma/schema/ has that the migrations lack. (`prisma migrate dev` cannot build its shadow
// database through the driver adapter that the offline schema engine needs; `migrate diff` can.)
// Hand-written SQL the schema cannot express (triggers, expression indexes) is appended to the file.
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run migration -- <name_in_snake_case>   (DATABASE_URL: any PostgreSQL server to build the shadow database on)");
  process.exit(2);
}
const diff = spawnSync(
  process.execPath,
  [path.join(root, "scripts/prisma.mjs"), "migrate", "diff", "--from-migrations", "prisma/migrations", "--to-schema-datamodel", "prisma/schema", "--script"],
  { cwd: root, encoding: "utf8" },
);
if (diff.status !== 0) {
  process.stderr.write(diff.stderr);
  process.exit(diff.status ?? 1);
}
if (/^-- This is an empty migration\.\s*$/.test(diff.stdout.trim())) {
  console.log("prisma/schema and prisma/migrations agree: no migration written.");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
const folder = path.join(root, "prisma/migrations", `${stamp}_${name}`);
mkdirSync(folder, { recursive: true });
writeFileSync(path.join(folder, "migration.sql"), diff.stdout);
console.log(`wrote ${path.relative(root, folder)}/migration.sql; \`npm run generate\` updates the client, and the app applies it at start.`);
