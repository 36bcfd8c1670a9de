// What every journey sets up the same way: one API server and one chromium for the whole file,
// both closed after its last test.
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { startTestServer, type TestServer } from "../../../server/test/support/test-server.ts";
import { launchChromium, openVisitor } from "./browser.ts";

interface JourneyOptions {
  /** Server settings on top of the test defaults. */
  env?: Record<string, string>;
  /**
   * Gives the server a temporary DATA_DIR of its own (uploads and processed media), removed after
   * the journey; the journey keeps its sample files there too.
   */
  withDataDir?: boolean;
  /**
   * The browser talks to a second instance of the API, on the same database and data folder, that
   * runs only the web client's own documents (TRUSTED_DOCUMENTS_ONLY), as production may; the
   * journey still arranges and checks through `server`, whose fixtures send documents of their own.
   */
  trustedDocumentsOnly?: boolean;
}

export interface Journey {
  /** Where the journey arranges and checks (and the browser goes, unless `trustedDocumentsOnly`). */
  readonly server: TestServer;
  /** The server's DATA_DIR, for a journey started `withDataDir`. */
  readonly dataDir: string;
  /** A separate person on the server: own cookies and localStorage. */
  openVisitor(): Promise<{ context: BrowserContext; page: Page }>;
}

/**
 * Registers the journey's beforeAll and afterAll; call it at the top of the file, so that what it
 * answers is there in the journey's own beforeAll (which runs after this one) and its tests.
 */
export function useJourney({ env = {}, withDataDir = false, trustedDocumentsOnly = false }: JourneyOptions = {}): Journey {
  let server: TestServer | undefined;
  /** The instance the browser talks to. */
  let browserServer: TestServer | undefined;
  let browser: Browser | undefined;
  let dataDir: string | undefined;

  beforeAll(async () => {
    if (withDataDir) dataDir = await mkdtemp(path.join(tmpdir(), "e2e-journey-"));
    // One deployment's instances share the secret that signs tokens and media URLs, and Redis for
    // their subscriptions' events (at the address the many-instances test uses unless told).
    const deployment = { JWT_SECRET: randomBytes(32).toString("hex"), REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379" };
    const shared = { ...(dataDir ? { DATA_DIR: dataDir } : {}), ...(trustedDocumentsOnly ? deployment : {}), ...env };
    server = await startTestServer(shared);
    browserServer = trustedDocumentsOnly ? await startTestServer({ ...shared, TRUSTED_DOCUMENTS_ONLY: "true" }, { besides: server }) : server;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    if (browserServer !== server) await browserServer?.close();
    await server?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  return {
    get server() {
      return started(server, "server");
    },
    get dataDir() {
      return started(dataDir, "data folder (useJourney({ withDataDir: true }))");
    },
    openVisitor() {
      return openVisitor(started(browser, "browser"), started(browserServer, "server").url);
    },
  };
}

function started<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`The journey's ${what} is there only from its beforeAll on.`);
  return value;
}
