import { randomBytes } from "node:crypto";
import { link, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";

/**
 * A secret made once and kept in DATA_DIR, for a key whose setting is left unset (development):
 * a key per process would break, at every restart, what was made with the one before (upload URLs
 * that live for hours, credentials already handed out).
 */
export async function keptSecret(dataDir: string, fileName: string, make: () => string): Promise<string> {
  const keyPath = path.join(dataDir, fileName);
  const existing = await readFile(keyPath, "utf8").catch(() => null);
  if (existing?.trim()) return existing.trim();
  await mkdir(dataDir, { recursive: true });
  // Written aside and linked into place: of processes starting together, one key wins whole.
  const candidate = `${keyPath}.${randomBytes(6).toString("hex")}`;
  await writeFile(candidate, make(), { mode: 0o600 });
  await link(candidate, keyPath).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== "EEXIST") throw error;
  });
  await rm(candidate, { force: true });
  return (await readFile(keyPath, "utf8")).trim();
}
