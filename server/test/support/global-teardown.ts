import type { ThrowawayDatabaseServer } from "./throwaway-database-server.ts";

export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __testDatabaseServer?: ThrowawayDatabaseServer }).__testDatabaseServer?.stop();
}
