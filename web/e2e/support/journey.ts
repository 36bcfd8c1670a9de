// What every journey sets up the same way: one API server and one chromium for the whole file,
// both closed after its last test.
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
}

export interface Journey {
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
export function useJourney({ env = {}, withDataDir = false }: JourneyOptions = {}): Journey {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  let dataDir: string | undefined;

  beforeAll(async () => {
    if (withDataDir) dataDir = await mkdtemp(path.join(tmpdir(), "e2e-journey-"));
    server = await startTestServer(dataDir ? { DATA_DIR: dataDir, ...env } : env);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
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
      return openVisitor(started(browser, "browser"), started(server, "server").url);
    },
  };
}

function started<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`The journey's ${what} is there only from its beforeAll on.`);
  return value;
}
