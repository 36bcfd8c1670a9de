import { rmSync } from "node:fs";
import type { EmbeddedDatabaseServer } from "../../src/platform/embedded-postgres.ts";

export default async function globalTeardown(): Promise<void> {
  const embedded = (globalThis as { __embeddedPostgres?: { server: EmbeddedDatabaseServer; dataDir: string } })
    .__embeddedPostgres;
  if (!embedded) return;
  await embedded.server.stop();
  rmSync(embedded.dataDir, { recursive: true, force: true });
}
