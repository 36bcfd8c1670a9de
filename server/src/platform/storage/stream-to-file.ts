import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { rm } from "node:fs/promises";
import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { StorageError } from "./storage-error.ts";

export interface WrittenFile {
  bytes: number;
  md5Hex: string;
}

/**
 * Streams `body` into a new file at `filePath`, chunk by chunk, hashing as it goes. More than
 * `maxBytes` fails with ENTITY_TOO_LARGE as soon as the limit is crossed; on any failure the
 * partial file is removed.
 */
export async function streamToFile(body: Readable, filePath: string, maxBytes: number): Promise<WrittenFile> {
  const hash = createHash("md5");
  let bytes = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      if (bytes > maxBytes) {
        callback(new StorageError("ENTITY_TOO_LARGE", `the body is larger than ${maxBytes} bytes`));
        return;
      }
      hash.update(chunk);
      callback(null, chunk);
    },
  });
  try {
    await pipeline(body, meter, createWriteStream(filePath));
  } catch (error) {
    await rm(filePath, { force: true });
    throw error;
  }
  return { bytes, md5Hex: hash.digest("hex") };
}
