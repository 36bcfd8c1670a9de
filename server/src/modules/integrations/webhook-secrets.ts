// Endpoints' signing secrets: made as Standard Webhooks says (`whsec_` and the key's base64), shown
// to their owner once (at creation and rotation), and kept encrypted (AES-256-GCM) so the delivery
// job can sign with them while a copy of the database alone reveals none.
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from "node:crypto";
import type { Config } from "../../platform/config.ts";
import { keptSecret } from "../../platform/kept-secret.ts";

const SECRET_PREFIX = "whsec_";
/** Standard Webhooks asks for 24 to 64 bytes. */
const SECRET_BYTES = 32;
const KEY_FILE = "webhook-secrets.key";
const CIPHER = "aes-256-gcm";
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** The stored form's version, so the cipher can change without guessing what a row holds. */
const STORED_VERSION = "v1";

/** A new secret, in the form shown to its owner. */
export const newSigningSecret = (): string => `${SECRET_PREFIX}${randomBytes(SECRET_BYTES).toString("base64")}`;

const keys = new WeakMap<Config, Promise<Buffer>>();

/** WEBHOOK_SECRETS_KEY (or one derived from JWT_SECRET), else a key made once and kept in DATA_DIR (development). */
function encryptionKey(config: Config): Promise<Buffer> {
  let key = keys.get(config);
  if (!key) {
    const text = config.webhooks.secretsKey ? Promise.resolve(config.webhooks.secretsKey) : keptSecret(config.dataDir, KEY_FILE, () => randomBytes(32).toString("hex"));
    key = text.then((value) => createHash("sha256").update(value).digest());
    keys.set(config, key);
  }
  return key;
}

export async function encryptSecret(config: Config, secret: string): Promise<string> {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(CIPHER, await encryptionKey(config), iv);
  const sealed = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  return `${STORED_VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString("base64")}`;
}

export async function decryptSecret(config: Config, stored: string): Promise<string> {
  const [version, body] = stored.split(":");
  if (version !== STORED_VERSION || !body) throw new Error("unknown form of a stored webhook secret");
  const bytes = Buffer.from(body, "base64");
  const decipher = createDecipheriv(CIPHER, await encryptionKey(config), bytes.subarray(0, IV_BYTES));
  decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString("utf8");
}

/** The Standard Webhooks headers of one attempt: the message id, the attempt's time (seconds) and the v1 signature of both and the body. */
export function signedHeaders(secret: string, messageId: string, at: Date, body: string): Record<string, string> {
  const timestamp = Math.floor(at.getTime() / 1000).toString();
  const key = Buffer.from(secret.slice(SECRET_PREFIX.length), "base64");
  const signature = createHmac("sha256", key).update(`${messageId}.${timestamp}.${body}`).digest("base64");
  return { "webhook-id": messageId, "webhook-timestamp": timestamp, "webhook-signature": `v1,${signature}` };
}
