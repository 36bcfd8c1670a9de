// Backups of the embedded database: the package ships no pg_dump, so a backup is a physical copy
// of its data folder taken as pg_basebackup takes one, with PostgreSQL's low-level backup API,
// while the database runs (started for the occasion when the app is not running). A temporary
// replication slot keeps the WAL the copy needs until it is in the archive, with backup_label;
// restoring unpacks the archive and lets PostgreSQL replay that WAL on its first start.
import { createReadStream, createWriteStream, existsSync, type Stats } from "node:fs";
import { chown, mkdir, mkdtemp, readdir, rename, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import pg from "pg";
import * as tar from "tar";
import { embeddedAdminUrl, postgresUser, startEmbeddedPostgres, type EmbeddedDatabaseServer } from "./embedded-postgres.ts";

/** Files PostgreSQL makes anew at start, left out of a backup as pg_basebackup leaves them out. */
const LEFT_OUT_FILES = new Set(["postmaster.pid", "postmaster.opts", "backup_label", "tablespace_map"]);
/** Folders whose contents are left out: temporary or per-server state; pg_wal's own WAL is added after the copy. */
const EMPTIED_FOLDERS = /^(pg_replslot|pg_stat_tmp|pg_dynshmem|pg_notify|pg_serial|pg_snapshots|pg_subtrans)\//;

/** Whether a data folder entry belongs in a backup: pg_wal keeps its folders (archive_status, summaries), not its files. */
function isBackedUp(entry: string, stats: Stats | tar.ReadEntry): boolean {
  const relative = entry.replace(/^\.\//, "");
  if (LEFT_OUT_FILES.has(relative) || EMPTIED_FOLDERS.test(relative)) return false;
  return !relative.startsWith("pg_wal/") || ("isDirectory" in stats ? stats.isDirectory() : stats.type === "Directory");
}

/** A refusal a person can act on, printed without a stack trace. */
export class BackupError extends Error {}

export interface EmbeddedDatabaseLocation {
  /** The embedded PostgreSQL's data folder (DATA_DIR/postgres). */
  dataDir: string;
  port: number;
}

/** The data folder's server when it answers on the port; null when nothing does. */
async function connectToRunning({ dataDir, port }: EmbeddedDatabaseLocation): Promise<pg.Client | null> {
  const client = new pg.Client({ connectionString: embeddedAdminUrl(port) });
  try {
    await client.connect();
  } catch {
    return null;
  }
  const { rows } = await client.query<{ setting: string }>("SELECT setting FROM pg_settings WHERE name = 'data_directory'");
  if (path.resolve(rows[0].setting) !== path.resolve(dataDir)) {
    await client.end();
    throw new BackupError(`Another PostgreSQL answers on port ${port} (its data is in ${rows[0].setting}); set EMBEDDED_POSTGRES_PORT to the embedded database's port.`);
  }
  return client;
}

function assertHasDatabase(dataDir: string): void {
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
    throw new BackupError(`There is no embedded database in ${dataDir} yet: start the platform once (npm start), or set DATA_DIR.`);
  }
}

/**
 * Writes a gzipped tar of the embedded database to `file`, whether or not the app is running.
 * Answers the WAL position the backup is consistent at.
 */
export async function backupEmbeddedDatabase(location: EmbeddedDatabaseLocation, file: string): Promise<{ lsn: string }> {
  assertHasDatabase(location.dataDir);
  let started: EmbeddedDatabaseServer | null = null;
  let client = await connectToRunning(location);
  if (!client) {
    started = await startEmbeddedPostgres(location.dataDir, location.port);
    client = (await connectToRunning(location))!;
  }
  const staging = await mkdtemp(path.join(os.tmpdir(), "lms-backup-"));
  try {
    const slot = `lms_backup_${process.pid}`;
    // Reserved from now, dropped with this session: the WAL from the copy's start stays in pg_wal.
    await client.query("SELECT pg_create_physical_replication_slot($1, true, true)", [slot]);
    await client.query("SELECT pg_backup_start('lms db:backup', true)");
    const unpacked = path.join(staging, "backup.tar");
    await tar.create({ file: unpacked, cwd: location.dataDir, filter: isBackedUp }, ["."]);
    const { rows } = await client.query<{ lsn: string; labelfile: string; walfile: string }>(
      "SELECT lsn::text, labelfile, pg_walfile_name(lsn) AS walfile FROM pg_backup_stop(false)",
    );
    const [{ lsn, labelfile, walfile }] = rows;
    const firstWal = /START WAL LOCATION: .* \(file ([0-9A-F]{24})\)/.exec(labelfile)?.[1];
    if (!firstWal) throw new Error(`unexpected backup label: ${labelfile}`);
    const wal = (await readdir(path.join(location.dataDir, "pg_wal"))).filter((name) => /^[0-9A-F]{24}$/.test(name) && name >= firstWal && name <= walfile).sort();
    // PostgreSQL reads and then renames the label at its first start: it is the data folder owner's, as the rest.
    const label = path.join(staging, "backup_label");
    const owner = await stat(location.dataDir);
    await writeFile(label, labelfile, { mode: 0o600 });
    if (process.getuid?.() === 0) await chown(label, owner.uid, owner.gid);
    await tar.replace({ file: unpacked, cwd: staging }, ["backup_label"]);
    await tar.replace({ file: unpacked, cwd: location.dataDir }, wal.map((name) => `pg_wal/${name}`));
    await mkdir(path.dirname(path.resolve(file)), { recursive: true });
    await pipeline(createReadStream(unpacked), createGzip(), createWriteStream(file, { mode: 0o600 }));
    return { lsn };
  } finally {
    await client.end();
    await started?.stop();
    await rm(staging, { recursive: true, force: true });
  }
}

/**
 * Replaces the embedded database with a backup's, the app stopped. The data it replaces is kept
 * beside it (answered), for a person to remove once they are content with the restored one.
 */
export async function restoreEmbeddedDatabase(location: EmbeddedDatabaseLocation, file: string): Promise<{ replacedDataDir: string | null }> {
  if (!existsSync(file)) throw new BackupError(`There is no backup at ${file}.`);
  const running = await connectToRunning(location);
  if (running) {
    await running.end();
    throw new BackupError("The embedded database is running: stop the platform (npm start) first, then restore.");
  }
  const entries = new Set<string>();
  await tar.list({ file, onReadEntry: (entry) => void entries.add(entry.path.replace(/^\.\//, "")) });
  if (!entries.has("PG_VERSION") || !entries.has("backup_label")) throw new BackupError(`${file} is not a backup made by npm run db:backup.`);

  const dataDir = path.resolve(location.dataDir);
  const replacedDataDir = existsSync(dataDir) ? `${dataDir}.replaced-${new Date().toISOString().replace(/[:.]/g, "-")}` : null;
  if (replacedDataDir) await rename(dataDir, replacedDataDir);
  try {
    await mkdir(dataDir, { mode: 0o700 });
    // As root, PostgreSQL runs as the postgres system user, which must own its data: the files
    // keep the owner the archive gives them, the folder made here is given to it.
    if (process.getuid?.() === 0) {
      const { uid, gid } = postgresUser();
      await chown(dataDir, uid, gid);
    }
    await tar.extract({ file, cwd: dataDir });
    // The first start replays the backup's WAL (backup_label says from where) before it accepts connections.
    const server = await startEmbeddedPostgres(dataDir, location.port);
    await server.stop();
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    if (replacedDataDir) await rename(replacedDataDir, dataDir);
    throw error;
  }
  return { replacedDataDir };
}
