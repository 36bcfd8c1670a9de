import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { rm } from "node:fs/promises";
import { finished, Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { StorageError } from "./storage-error.ts";

export interface WrittenFile {
  bytes: number;
  md5Hex: string;
}

/**
 * Streams `body` into a new file at `filePath`, chunk by chunk, hashing as it goes. More than
 * `maxBytes` fails with ENTITY_TOO_LARGE as soon as the limit is crossed, without writing the
 * excess; on any failure the partial file is removed.
 *
 * The body is piped rather than made part of the pipeline, so a body that is too large is only
 * unpiped, not destroyed: an HTTP request's connection stays open for the caller's answer.
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
  // A body cut off midway (the client went away) fails the write instead of leaving it waiting.
  const stopWatchingBody = finished(body, (error) => {
    if (error) meter.destroy(error);
  });
  body.pipe(meter);
  const file = createWriteStream(filePath);
  try {
    await pipeline(meter, file);
  } catch (error) {
    body.unpipe(meter);
    // A body refused at once may fail the pipeline while the file is still being opened: removed
    // before the open completes, it would be created again and left behind.
    if (!file.closed) await new Promise<void>((resolve) => file.once("close", () => resolve()));
    await rm(filePath, { force: true });
    throw error;
  } finally {
    stopWatchingBody();
  }
  return { bytes, md5Hex: hash.digest("hex") };
}
