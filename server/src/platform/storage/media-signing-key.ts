import { randomBytes } from "node:crypto";
import { keptSecret } from "../kept-secret.ts";

const KEY_FILE = "media-signing.key";

/** The local driver's HMAC key when neither MEDIA_SIGNING_KEY nor JWT_SECRET is set (development). */
export function developmentSigningKey(dataDir: string): Promise<string> {
  return keptSecret(dataDir, KEY_FILE, () => randomBytes(32).toString("hex"));
}
