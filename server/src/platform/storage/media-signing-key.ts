import { randomBytes } from "node:crypto";
import { link, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";

const KEY_FILE = "media-signing.key";

/**
 * The local driver's HMAC key when neither MEDIA_SIGNING_KEY nor JWT_SECRET is set (development):
 * upload URLs live for hours, so a key per process would break them at every restart. A random
 * key is kept in DATA_DIR instead, created once.
 */
export async function developmentSigningKey(dataDir: string): Promise<string> {
  const keyPath = path.join(dataDir, KEY_FILE);
  const existing = await readFile(keyPath, "utf8").catch(() => null);
  if (existing?.trim()) return existing.trim();
  await mkdir(dataDir, { recursive: true });
  // Written aside and linked into place: of processes starting together, one key wins whole.
  const candidate = `${keyPath}.${randomBytes(6).toString("hex")}`;
  await writeFile(candidate, randomBytes(32).toString("hex"), { mode: 0o600 });
  await link(candidate, keyPath).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== "EEXIST") throw error;
  });
  await rm(candidate, { force: true });
  return (await readFile(keyPath, "utf8")).trim();
}
