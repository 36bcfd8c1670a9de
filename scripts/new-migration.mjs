// `npm run migration -- <name>`: writes prisma/migrations/<timestamp>_<name>/migration.sql with what
// prisma/schema/ has that the migrations lack, and beside it down.sql, the same diff the other way
// round, which `npm run db:down` runs to roll it back. (`prisma migrate dev` cannot build its shadow
// database through the driver adapter that the offline schema engine needs; `migrate diff` can.)
// Hand-written SQL the schema cannot express (triggers, expression indexes) is appended to
// migration.sql, and what undoes it goes at the top of down.sql (made last, so undone first).
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
/** `prisma migrate diff <from and to> --script`: the SQL that takes a database from one to the other. */
function diff(...fromAndTo) {
  const run = spawnSync(process.execPath, [path.join(root, "scripts/prisma.mjs"), "migrate", "diff", ...fromAndTo, "--script"], {
    cwd: root,
    encoding: "utf8",
  });
  if (run.status !== 0) {
    process.stderr.write(run.stderr);
    process.exit(run.status ?? 1);
  }
  return run.stdout;
}

const up = diff("--from-migrations", "prisma/migrations", "--to-schema-datamodel", "prisma/schema");
if (/^-- This is an empty migration\.\s*$/.test(up.trim())) {
  console.log("prisma/schema and prisma/migrations agree: no migration written.");
  process.exit(0);
}
// The other way round, taken before the new migration is written: from the schema back to the migrations as they are.
const down = diff("--from-schema-datamodel", "prisma/schema", "--to-migrations", "prisma/migrations");
const stamp = new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
const folder = path.join(root, "prisma/migrations", `${stamp}_${name}`);
mkdirSync(folder, { recursive: true });
writeFileSync(path.join(folder, "migration.sql"), up);
writeFileSync(path.join(folder, "down.sql"), down);
const written = path.relative(root, folder);
console.log(`wrote ${written}/migration.sql and ${written}/down.sql; \`npm run generate\` updates the client, and the app applies it at start.`);
console.log("Append any hand-written SQL to migration.sql and what undoes it to the top of down.sql; server/test/migrations-reversible.test.ts checks that down.sql undoes it all.");
