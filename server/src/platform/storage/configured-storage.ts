import path from "node:path";
import type { Router } from "express";
import type { Config } from "../config.ts";
import { LocalStorage } from "./local-storage.ts";
import { localStorageRouter } from "./local-storage.routes.ts";
import { developmentSigningKey } from "./media-signing-key.ts";
import { S3Storage } from "./s3-storage.ts";
import type { ObjectStorage } from "./storage.ts";

export interface ConfiguredStorage {
  storage: ObjectStorage;
  /** The local driver's signed upload and playback routes; none for S3, where clients talk to the store. */
  router?: Router;
}

/** The storage driver the configuration names. */
export async function createConfiguredStorage(config: Config): Promise<ConfiguredStorage> {
  const options = config.storage;
  if (options.driver === "s3") {
    return {
      storage: new S3Storage({
        endpoint: options.endpoint,
        region: options.region,
        bucket: options.bucket,
        accessKeyId: options.accessKeyId,
        secretAccessKey: options.secretAccessKey,
        forcePathStyle: options.forcePathStyle,
        cdnBaseUrl: options.cdn?.baseUrl,
        cdnTokenKey: options.cdn?.tokenKey,
      }),
    };
  }
  const storage = new LocalStorage({
    rootDir: path.join(config.dataDir, "media"),
    publicBaseUrl: config.publicUrl,
    signingKey: options.signingKey ?? (await developmentSigningKey(config.dataDir)),
  });
  return { storage, router: localStorageRouter(storage) };
}
