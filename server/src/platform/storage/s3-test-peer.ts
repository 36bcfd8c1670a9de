import { once } from "node:events";
import { readdir, readFile, rm, stat } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import S3rver from "s3rver";

export interface S3TestPeer {
  endpoint: string;
  close(): Promise<void>;
}

/** Credentials s3rver accepts; it does not verify SigV4 signatures. */
export const S3_TEST_PEER_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };

/**
 * An S3 protocol peer on a loopback port for tests: s3rver 3.7, plus the two multipart calls it
 * lacks (ListParts and AbortMultipartUpload), answered here from the upload folders s3rver keeps.
 */
export async function startS3TestPeer(directory: string, bucket: string): Promise<S3TestPeer> {
  const s3rver = new S3rver({ directory, silent: true, configureBuckets: [{ name: bucket }] });
  await s3rver.configureBuckets();
  const handleWithS3rver = s3rver.callback();
  const uploadsDir = s3rver.store.getResourcePath(bucket, undefined, "uploads");

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://peer");
    const uploadId = url.searchParams.get("uploadId");
    if (uploadId && (req.method === "GET" || req.method === "DELETE")) {
      const uploadDir = path.join(uploadsDir, path.basename(uploadId));
      const answer = req.method === "GET" ? listParts(uploadDir, uploadId, res) : abortUpload(uploadDir, res);
      answer.catch((error: unknown) => res.writeHead(500).end(String(error)));
    } else {
      handleWithS3rver(req, res);
    }
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, "close");
    },
  };
}

async function listParts(uploadDir: string, uploadId: string, res: ServerResponse<IncomingMessage>): Promise<void> {
  const key = await readFile(path.join(uploadDir, "key"), "utf8").catch(() => null);
  if (key === null) {
    noSuchUpload(res);
    return;
  }
  const partNumbers = (await readdir(uploadDir)).filter((name) => /^\d+$/.test(name)).map(Number);
  const parts = await Promise.all(
    partNumbers.sort((a, b) => a - b).map(async (partNumber) => {
      const partPath = path.join(uploadDir, String(partNumber));
      const [md5, { size }] = await Promise.all([readFile(`${partPath}.md5`, "utf8"), stat(partPath)]);
      return `<Part><PartNumber>${partNumber}</PartNumber><ETag>"${md5}"</ETag><Size>${size}</Size></Part>`;
    }),
  );
  res.writeHead(200, { "Content-Type": "application/xml" });
  res.end(
    `<?xml version="1.0" encoding="UTF-8"?><ListPartsResult><Key>${escapeXml(key)}</Key>` +
      `<UploadId>${escapeXml(uploadId)}</UploadId><IsTruncated>false</IsTruncated>${parts.join("")}</ListPartsResult>`,
  );
}

async function abortUpload(uploadDir: string, res: ServerResponse<IncomingMessage>): Promise<void> {
  const exists = await stat(uploadDir).catch(() => null);
  if (!exists) {
    noSuchUpload(res);
    return;
  }
  await rm(uploadDir, { recursive: true, force: true });
  res.writeHead(204).end();
}

function noSuchUpload(res: ServerResponse<IncomingMessage>): void {
  res.writeHead(404, { "Content-Type": "application/xml" });
  res.end(
    '<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchUpload</Code>' +
      "<Message>The specified upload does not exist.</Message></Error>",
  );
}

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
