// `npm run db:backup [-- <file>]` and `npm run db:restore -- <file>`: the embedded database's
// backups (see platform/database-backup.ts). With DATABASE_URL set, the database is a server of
// its own, backed up with its own tools.
import path from "node:path";
import { ConfigError, loadConfig } from "./platform/config.ts";
import { BackupError, backupEmbeddedDatabase, restoreEmbeddedDatabase } from "./platform/database-backup.ts";
import { EmbeddedDatabaseError } from "./platform/embedded-postgres.ts";

const USAGE = "usage: npm run db:backup [-- <file>]   |   npm run db:restore -- <file>";

async function main(): Promise<number> {
  const [command, file] = process.argv.slice(2);
  if ((command !== "backup" && command !== "restore") || (command === "restore" && !file)) {
    console.error(USAGE);
    return 2;
  }
  const config = loadConfig();
  if (config.databaseUrl) {
    console.error("DATABASE_URL is set: back that PostgreSQL server up with its own tools (pg_dump, or your provider's backups); db:backup and db:restore are for the embedded database.");
    return 2;
  }
  const location = { dataDir: path.join(config.dataDir, "postgres"), port: config.embeddedPostgresPort };
  if (command === "backup") {
    const target = path.resolve(file ?? path.join(config.dataDir, "backups", `lms-${new Date().toISOString().replace(/[:.]/g, "-")}.tar.gz`));
    const { lsn } = await backupEmbeddedDatabase(location, target);
    console.log(`Backed up the embedded database to ${target} (consistent at WAL position ${lsn}).`);
  } else {
    const { replacedDataDir } = await restoreEmbeddedDatabase(location, path.resolve(file));
    console.log(
      `Restored the embedded database from ${path.resolve(file)}.` +
        (replacedDataDir ? ` The data it replaced is kept in ${replacedDataDir}; remove that folder once you are content.` : ""),
    );
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    // Refusals a person can act on are one sentence; anything else keeps its stack for whoever investigates.
    if (error instanceof BackupError || error instanceof ConfigError || error instanceof EmbeddedDatabaseError) {
      console.error(error.message);
      process.exit(2);
    }
    console.error(error);
    process.exit(1);
  },
);
