// The Ed25519 key certificates' credentials are signed with: CERTIFICATE_SIGNING_KEY, else one made
// once and kept in DATA_DIR (a key per process would fail every credential handed out before a
// restart). Several instances must share it: set CERTIFICATE_SIGNING_KEY, or share DATA_DIR.
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import { calculateJwkThumbprint, exportJWK, type JWK } from "jose";
import type { Config } from "../../platform/config.ts";
import { keptSecret } from "../../platform/kept-secret.ts";

const KEY_FILE = "certificate-signing.pem";

export interface CertificateSigningKey {
  privateKey: KeyObject;
  /** The public half as the JWKS publishes it; its kid (the RFC 7638 thumbprint) names it in each credential's header. */
  publicJwk: JWK & { kid: string };
}

const keysByConfig = new WeakMap<Config, Promise<CertificateSigningKey>>();

/** The app's signing key, read once per configuration. */
export function certificateSigningKey(config: Config): Promise<CertificateSigningKey> {
  let key = keysByConfig.get(config);
  if (!key) {
    key = readSigningKey(config);
    keysByConfig.set(config, key);
  }
  return key;
}

async function readSigningKey(config: Config): Promise<CertificateSigningKey> {
  const pem =
    config.certificateSigningKey ??
    (await keptSecret(config.dataDir, KEY_FILE, () => generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString()));
  const privateKey = createPrivateKey(pem);
  const jwk = await exportJWK(createPublicKey(privateKey));
  return { privateKey, publicJwk: { ...jwk, kid: await calculateJwkThumbprint(jwk), alg: "EdDSA", use: "sig" } };
}

/** The JSON Web Key Set verifiers fetch (served at /.well-known/jwks.json). */
export async function certificateJwks(config: Config): Promise<{ keys: JWK[] }> {
  return { keys: [(await certificateSigningKey(config)).publicJwk] };
}
