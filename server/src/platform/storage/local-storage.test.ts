import { createHash, randomBytes } from "node:crypto";
import { once } from "node:events";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import express from "express";
import { chunksOf, putChunked } from "./chunked-put.test-support.ts";
import { LocalStorage } from "./local-storage.ts";
import { localStorageRouter } from "./local-storage.routes.ts";
import { MIN_PART_BYTES } from "./multipart-rules.ts";
import { StorageError } from "./storage-error.ts";

const signingKey = "test-signing-key-0123456789abcdef0123456789";
const md5Etag = (bytes: Buffer) => `"${createHash("md5").update(bytes).digest("hex")}"`;

let rootDir: string;
let server: Server;
let storage: LocalStorage;
let clock: number;

beforeAll(async () => {
  rootDir = await mkdtemp(path.join(tmpdir(), "local-storage-"));
  const app = express();
  server = app.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  clock = Date.now();
  storage = new LocalStorage({ rootDir, publicBaseUrl: `http://127.0.0.1:${port}`, signingKey, now: () => clock });
  app.use(localStorageRouter(storage));
});

afterAll(async () => {
  server.close();
  await rm(rootDir, { recursive: true, force: true });
});

function presignPart(key: string, uploadId: string, partNumber: number, contentLength: number): Promise<string> {
  return storage.presignPart(key, uploadId, partNumber, { contentLength, expiresInSeconds: 300 });
}

async function putObject(key: string, body: Buffer, contentType = "video/mp4"): Promise<Response> {
  const { url, headers } = await storage.presignPut(key, { contentType, contentLength: body.length, expiresInSeconds: 300 });
  return fetch(url, { method: "PUT", headers, body });
}

const MIB = 1024 * 1024;

async function uploadInParts(key: string, parts: Buffer[]): Promise<string> {
  const uploadId = await storage.createMultipartUpload(key, "video/mp4");
  const completed = [];
  for (const [index, part] of parts.entries()) {
    const response = await fetch(await presignPart(key, uploadId, index + 1, part.length), { method: "PUT", body: part });
    completed.push({ partNumber: index + 1, etag: response.headers.get("etag") ?? "" });
  }
  await storage.completeMultipartUpload(key, uploadId, completed);
  return uploadId;
}

describe("single PUT through a signed URL", () => {
  it("stores the body and answers its MD5 as a quoted ETag", async () => {
    const body = randomBytes(200_000);
    const response = await putObject("videos/v1/source.mp4", body);
    expect(response.status).toBe(200);
    expect(response.headers.get("etag")).toBe(md5Etag(body));
    expect(await storage.head("videos/v1/source.mp4")).toEqual({ sizeBytes: body.length, contentType: "video/mp4" });
  });

  it("refuses a body whose length differs from the signed one, storing nothing", async () => {
    const { url, headers } = await storage.presignPut("videos/v2/source.mp4", {
      contentType: "video/mp4",
      contentLength: 10,
      expiresInSeconds: 300,
    });
    const shorter = await fetch(url, { method: "PUT", headers, body: Buffer.alloc(9) });
    const longer = await fetch(url, { method: "PUT", headers, body: Buffer.alloc(11) });
    expect([shorter.status, longer.status]).toEqual([400, 413]);
    expect(await storage.head("videos/v2/source.mp4")).toBeNull();
  });

  it("counts the bytes of a body sent without Content-Length", async () => {
    const { url, headers } = await storage.presignPut("videos/v4/source.mp4", {
      contentType: "video/mp4",
      contentLength: 10,
      expiresInSeconds: 300,
    });
    expect((await putChunked(url, [Buffer.alloc(4), Buffer.alloc(5)], headers)).status).toBe(400);
    expect(await putChunked(url, [Buffer.alloc(6), Buffer.alloc(6)], headers)).toEqual({
      status: 413,
      body: JSON.stringify({ error: "the body is larger than 10 bytes" }),
    });
    // Refused while the client is still sending: it still gets the answer, not a reset connection.
    expect((await putChunked(url, chunksOf(2 * MIB), headers)).status).toBe(413);
    expect(await storage.head("videos/v4/source.mp4")).toBeNull();
    expect(await readdir(path.join(rootDir, "tmp"))).toEqual([]);

    expect((await putChunked(url, [Buffer.alloc(3, 1), Buffer.alloc(7, 2)], headers)).status).toBe(200);
    expect(await storage.head("videos/v4/source.mp4")).toEqual({ sizeBytes: 10, contentType: "video/mp4" });
  });

  it("answers a CORS preflight and exposes the ETag to browsers", async () => {
    const { url } = await storage.presignPut("videos/v3/source.mp4", { contentType: "video/mp4", contentLength: 1, expiresInSeconds: 60 });
    const preflight = await fetch(url, {
      method: "OPTIONS",
      headers: { Origin: "https://app.example", "Access-Control-Request-Method": "PUT", "Access-Control-Request-Headers": "content-type" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("*");
    expect(preflight.headers.get("access-control-allow-methods")).toContain("PUT");
    expect(preflight.headers.get("access-control-allow-headers")).toBe("content-type");
    const put = await fetch(url, { method: "PUT", headers: { "Content-Type": "video/mp4" }, body: Buffer.alloc(1) });
    expect(put.headers.get("access-control-expose-headers")).toContain("ETag");
  });
});

describe("multipart upload", () => {
  const key = "videos/mp/source.mp4";
  const parts = [randomBytes(MIN_PART_BYTES), randomBytes(MIN_PART_BYTES), randomBytes(1234)];

  it("keeps the last PUT of a part, lists the parts and assembles them in order", async () => {
    const uploadId = await storage.createMultipartUpload(key, "video/mp4");
    const putPart = async (partNumber: number, body: Buffer) => {
      const response = await fetch(await presignPart(key, uploadId, partNumber, body.length), { method: "PUT", body });
      expect(response.status).toBe(200);
      return response.headers.get("etag") ?? "";
    };
    const firstTry = await putPart(2, randomBytes(MIN_PART_BYTES));
    const etags = [await putPart(1, parts[0]!), await putPart(2, parts[1]!), await putPart(3, parts[2]!)];
    expect(etags).toEqual(parts.map(md5Etag));
    expect(firstTry).not.toBe(etags[1]);

    const listed = await storage.listParts(key, uploadId);
    expect(listed).toEqual(parts.map((part, index) => ({ partNumber: index + 1, etag: etags[index], sizeBytes: part.length })));
    expect(await readdir(path.join(rootDir, "uploads", uploadId))).toHaveLength(4);

    await storage.completeMultipartUpload(key, uploadId, etags.map((etag, index) => ({ partNumber: index + 1, etag })));
    const downloaded = path.join(rootDir, "downloaded.mp4");
    await storage.downloadToFile(key, downloaded);
    expect((await readFile(downloaded)).equals(Buffer.concat(parts))).toBe(true);
    await expect(storage.listParts(key, uploadId)).rejects.toMatchObject({ code: "NO_SUCH_UPLOAD" });
  });

  it("refuses completion with a stale ETag, out-of-order parts or a small middle part", async () => {
    const uploadId = await storage.createMultipartUpload(key, "video/mp4");
    const etags: string[] = [];
    for (const [index, part] of [parts[0]!, parts[2]!, parts[1]!].entries()) {
      const response = await fetch(await presignPart(key, uploadId, index + 1, part.length), { method: "PUT", body: part });
      etags.push(response.headers.get("etag") ?? "");
    }
    const complete = (list: { partNumber: number; etag: string }[]) => storage.completeMultipartUpload(key, uploadId, list);
    await expect(complete([{ partNumber: 1, etag: md5Etag(Buffer.from("stale")) }])).rejects.toMatchObject({ code: "INVALID_PART" });
    await expect(complete([{ partNumber: 2, etag: etags[1]! }, { partNumber: 1, etag: etags[0]! }])).rejects.toMatchObject({
      code: "INVALID_PART_ORDER",
    });
    await expect(complete(etags.map((etag, index) => ({ partNumber: index + 1, etag })))).rejects.toMatchObject({
      code: "PART_TOO_SMALL",
    });
  });

  it("binds a part's URL to its planned size: a longer body gets 413, a shorter one 400, and neither is kept", async () => {
    const uploadId = await storage.createMultipartUpload(key, "video/mp4");
    const url = await presignPart(key, uploadId, 1, MIB);
    const declaredTooLong = await fetch(url, { method: "PUT", body: Buffer.alloc(MIB + 1) });
    expect(declaredTooLong.status).toBe(413);
    expect(await declaredTooLong.json()).toEqual({ error: `the body may not exceed the signed length, ${MIB} bytes` });
    expect((await putChunked(url, chunksOf(2 * MIB))).status).toBe(413);
    expect((await fetch(url, { method: "PUT", body: Buffer.alloc(MIB - 1) })).status).toBe(400);
    expect((await putChunked(url, chunksOf(MIB - 1))).status).toBe(400);
    expect(await storage.listParts(key, uploadId)).toEqual([]);
    expect(await readdir(path.join(rootDir, "tmp"))).toEqual([]);

    expect((await fetch(url, { method: "PUT", body: Buffer.alloc(MIB) })).status).toBe(200);
    expect(await storage.listParts(key, uploadId)).toEqual([{ partNumber: 1, etag: md5Etag(Buffer.alloc(MIB)), sizeBytes: MIB }]);
  });

  it("forgets an aborted upload: its parts can no longer be listed or sent", async () => {
    const uploadId = await storage.createMultipartUpload(key, "video/mp4");
    const partUrl = await presignPart(key, uploadId, 1, 4);
    await storage.abortMultipartUpload(key, uploadId);
    await expect(storage.listParts(key, uploadId)).rejects.toBeInstanceOf(StorageError);
    expect((await fetch(partUrl, { method: "PUT", body: Buffer.from("late") })).status).toBe(404);
  });
});

describe("uploads their owner has closed", () => {
  afterEach(() => storage.refuseClosedUploads("videos/", async () => true));

  it("refuses the bytes of a closed upload with 409 and stores nothing", async () => {
    const key = "videos/closed/source.mp4";
    const body = randomBytes(1000);
    const { url, headers } = await storage.presignPut(key, { contentType: "video/mp4", contentLength: body.length, expiresInSeconds: 300 });
    storage.refuseClosedUploads("videos/", async (asked) => asked !== key);
    const refused = await fetch(url, { method: "PUT", headers, body });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toEqual({ error: expect.stringMatching(/^this upload is no longer open/) });
    expect(await storage.head(key)).toBeNull();
  });

  it("refuses the bytes of a key under no owner's prefix once uploads have owners", async () => {
    const key = "elsewhere/source.mp4";
    const body = randomBytes(100);
    const { url, headers } = await storage.presignPut(key, { contentType: "video/mp4", contentLength: body.length, expiresInSeconds: 300 });
    storage.refuseClosedUploads("videos/", async () => true);
    expect((await fetch(url, { method: "PUT", headers, body })).status).toBe(409);
    expect(await storage.head(key)).toBeNull();
  });

  it("keeps nothing of an upload closed while its bytes arrived", async () => {
    const key = "videos/closing/source.mp4";
    const uploadId = await storage.createMultipartUpload(key, "video/mp4");
    let checks = 0;
    storage.refuseClosedUploads("videos/", async () => ++checks === 1);
    const response = await fetch(await presignPart(key, uploadId, 1, MIB), { method: "PUT", body: Buffer.alloc(MIB) });
    expect(response.status).toBe(409);
    expect(checks).toBe(2);
    expect(await storage.listParts(key, uploadId)).toEqual([]);
    expect(await readdir(path.join(rootDir, "tmp"))).toEqual([]);
  });
});

describe("playback", () => {
  const key = "videos/play/source.mp4";
  const body = randomBytes(100_000);

  beforeAll(async () => {
    await uploadInParts(key, [body]);
  });

  it("serves the whole file with its type and length", async () => {
    const { url } = await storage.playbackUrl(key, 300);
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("video/mp4");
    expect(response.headers.get("content-length")).toBe(String(body.length));
    expect(response.headers.get("accept-ranges")).toBe("bytes");
    expect(Buffer.from(await response.arrayBuffer()).equals(body)).toBe(true);
  });

  it.each([
    ["bytes=1000-1999", 1000, 1999],
    ["bytes=99990-", 99_990, 99_999],
    ["bytes=-16", 99_984, 99_999],
  ])("answers %s with 206 and exactly those bytes", async (range, start, end) => {
    const { url } = await storage.playbackUrl(key, 300);
    const response = await fetch(url, { headers: { Range: range } });
    expect(response.status).toBe(206);
    expect(response.headers.get("content-range")).toBe(`bytes ${start}-${end}/${body.length}`);
    expect(response.headers.get("content-length")).toBe(String(end - start + 1));
    expect(Buffer.from(await response.arrayBuffer()).equals(body.subarray(start, end + 1))).toBe(true);
  });

  it("answers 416 with the file size for a range past the end", async () => {
    const { url } = await storage.playbackUrl(key, 300);
    const response = await fetch(url, { headers: { Range: `bytes=${body.length}-` } });
    expect(response.status).toBe(416);
    expect(response.headers.get("content-range")).toBe(`bytes */${body.length}`);
  });

  it("answers HEAD with the headers and no body", async () => {
    const { url } = await storage.playbackUrl(key, 300);
    const response = await fetch(url, { method: "HEAD" });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-length")).toBe(String(body.length));
    expect((await response.arrayBuffer()).byteLength).toBe(0);
  });

  it("answers 404 for a signed URL to a file that does not exist", async () => {
    const { url } = await storage.playbackUrl("videos/none/source.mp4", 300);
    const response = await fetch(url);
    expect(response.status).toBe(404);
  });
});

describe("signatures", () => {
  const key = "videos/sig/source.mp4";

  beforeAll(async () => {
    await putObject(key, Buffer.from("signed content"));
  });

  async function expectForbidden(response: Response, error: string): Promise<void> {
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ error });
  }

  it("refuses a forged signature", async () => {
    const url = new URL((await storage.playbackUrl(key, 300)).url);
    url.searchParams.set("signature", randomBytes(32).toString("base64url"));
    await expectForbidden(await fetch(url), "invalid signature");
  });

  it("refuses an expired URL", async () => {
    const { url, expiresAt } = await storage.playbackUrl(key, 60);
    expect((await fetch(url)).status).toBe(200);
    const realClock = clock;
    clock = expiresAt.getTime() + 1000;
    try {
      await expectForbidden(await fetch(url), "this URL has expired");
    } finally {
      clock = realClock;
    }
  });

  it("refuses a URL whose key, expiry or signed length was changed", async () => {
    const playback = new URL((await storage.playbackUrl(key, 300)).url);
    const otherKey = new URL(playback);
    otherKey.pathname = otherKey.pathname.replace("sig", "sig2");
    await expectForbidden(await fetch(otherKey), "invalid signature");
    const laterExpiry = new URL(playback);
    laterExpiry.searchParams.set("expires", String(Number(playback.searchParams.get("expires")) + 3600));
    await expectForbidden(await fetch(laterExpiry), "invalid signature");

    const upload = new URL((await storage.presignPut(key, { contentType: "video/mp4", contentLength: 4, expiresInSeconds: 300 })).url);
    upload.searchParams.set("contentLength", "8");
    await expectForbidden(await fetch(upload, { method: "PUT", body: Buffer.alloc(8) }), "invalid signature");
  });

  it("answers a malformed URL with a short JSON error, not a stack", async () => {
    const { origin } = new URL((await storage.playbackUrl(key, 300)).url);
    for (const method of ["GET", "PUT"]) {
      const route = method === "GET" ? "/media/play" : "/media/upload";
      const response = await fetch(`${origin}${route}/videos/%E0%A4%A.mp4`, { method, body: method === "PUT" ? "x" : undefined });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ error: "malformed request" });
    }
  });

  it("does not let a part URL write another part or another upload", async () => {
    const uploadId = await storage.createMultipartUpload(key, "video/mp4");
    const partUrl = new URL(await presignPart(key, uploadId, 1, 1));
    const otherPart = new URL(partUrl);
    otherPart.searchParams.set("partNumber", "2");
    await expectForbidden(await fetch(otherPart, { method: "PUT", body: Buffer.from("x") }), "invalid signature");
    const longerPart = new URL(partUrl);
    longerPart.searchParams.set("contentLength", "2");
    await expectForbidden(await fetch(longerPart, { method: "PUT", body: Buffer.from("xy") }), "invalid signature");
    expect(await storage.listParts(key, uploadId)).toEqual([]);
  });
});

describe("files for the media worker", () => {
  it("copies local files in and out, and deletes one key or a whole prefix", async () => {
    const source = path.join(rootDir, "thumbnail.jpg");
    await writeFile(source, Buffer.from([0xff, 0xd8, 0xff, 0xd9]));
    await storage.uploadFromFile(source, "videos/w1/thumb.jpg", "image/jpeg");
    await storage.uploadFromFile(source, "videos/w1/extra/frame.jpg", "image/jpeg");
    await storage.uploadFromFile(source, "videos/w10/thumb.jpg", "image/jpeg");
    expect(await storage.head("videos/w1/thumb.jpg")).toEqual({ sizeBytes: 4, contentType: "image/jpeg" });

    await storage.delete("videos/w1/thumb.jpg");
    expect(await storage.head("videos/w1/thumb.jpg")).toBeNull();

    await storage.deletePrefix("videos/w1/");
    expect(await storage.head("videos/w1/extra/frame.jpg")).toBeNull();
    expect(await storage.head("videos/w10/thumb.jpg")).not.toBeNull();
    await storage.deletePrefix("videos/w1");
    expect(await storage.head("videos/w10/thumb.jpg")).toBeNull();
    await expect(storage.downloadToFile("videos/w10/thumb.jpg", source)).rejects.toMatchObject({ code: "NO_SUCH_KEY" });
  });

  it("refuses keys that could leave the storage folder", async () => {
    for (const key of ["../escape.mp4", "videos/../../escape.mp4", "/absolute.mp4", "videos\\win.mp4", "videos//x.mp4"]) {
      await expect(storage.head(key)).rejects.toMatchObject({ code: "INVALID_KEY" });
    }
    await expect(storage.deletePrefix("")).rejects.toMatchObject({ code: "INVALID_KEY" });
  });
});
