import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { bunnyFolderSignedUrl, bunnyToken } from "./bunny-token.ts";
import { MIN_PART_BYTES } from "./multipart-rules.ts";
import { S3Storage, type S3StorageOptions } from "./s3-storage.ts";
import { S3_TEST_PEER_CREDENTIALS, startS3TestPeer, type S3TestPeer } from "./s3-test-peer.ts";

const bucket = "course-videos";
const md5Etag = (bytes: Buffer) => `"${createHash("md5").update(bytes).digest("hex")}"`;

let workDir: string;
let peer: S3TestPeer;
let options: S3StorageOptions;
let storage: S3Storage;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), "s3-storage-"));
  peer = await startS3TestPeer(path.join(workDir, "store"), bucket);
  options = {
    endpoint: peer.endpoint,
    region: "us-east-1",
    bucket,
    ...S3_TEST_PEER_CREDENTIALS,
    forcePathStyle: true,
    uploadPartSizeBytes: MIN_PART_BYTES,
  };
  storage = new S3Storage(options);
});

afterAll(async () => {
  await peer.close();
  await rm(workDir, { recursive: true, force: true });
});

describe("presigned single PUT", () => {
  it("signs the length, carries no SDK checksum, and stores what the client sends", async () => {
    const body = randomBytes(150_000);
    const { url, headers } = await storage.presignPut("videos/s1/source.mp4", {
      contentType: "video/mp4",
      contentLength: body.length,
      expiresInSeconds: 600,
    });
    const query = new URL(url).searchParams;
    expect(query.get("X-Amz-Expires")).toBe("600");
    expect(query.get("X-Amz-SignedHeaders")?.split(";")).toContain("content-length");
    expect([...query.keys()].filter((name) => /checksum/i.test(name))).toEqual([]);
    expect(headers).toEqual({ "Content-Type": "video/mp4" });

    const response = await fetch(url, { method: "PUT", headers, body });
    expect(response.status).toBe(200);
    expect(await storage.head("videos/s1/source.mp4")).toEqual({ sizeBytes: body.length, contentType: "video/mp4" });
  });
});

describe("multipart upload straight to the store", () => {
  const key = "videos/s2/source.mp4";

  it("uploads three parts (one of them twice), lists them and completes", async () => {
    const parts = [randomBytes(MIN_PART_BYTES), randomBytes(MIN_PART_BYTES), randomBytes(4321)];
    const uploadId = await storage.createMultipartUpload(key, "video/mp4");
    const putPart = async (partNumber: number, body: Buffer) => {
      const response = await fetch(await storage.presignPart(key, uploadId, partNumber, { contentLength: body.length, expiresInSeconds: 600 }), { method: "PUT", body });
      expect(response.status).toBe(200);
      return response.headers.get("etag") ?? "";
    };
    await putPart(2, randomBytes(MIN_PART_BYTES));
    const etags = [await putPart(1, parts[0]!), await putPart(2, parts[1]!), await putPart(3, parts[2]!)];
    expect(etags).toEqual(parts.map(md5Etag));

    expect(await storage.listParts(key, uploadId)).toEqual(
      parts.map((part, index) => ({ partNumber: index + 1, etag: etags[index], sizeBytes: part.length })),
    );
    await storage.completeMultipartUpload(key, uploadId, etags.map((etag, index) => ({ partNumber: index + 1, etag })));

    const downloaded = path.join(workDir, "multipart.mp4");
    await storage.downloadToFile(key, downloaded);
    expect((await readFile(downloaded)).equals(Buffer.concat(parts))).toBe(true);
    expect(await storage.head(key)).toEqual({ sizeBytes: 2 * MIN_PART_BYTES + 4321, contentType: "video/mp4" });
  });

  it("signs each part's length into its URL", async () => {
    const uploadId = await storage.createMultipartUpload(key, "video/mp4");
    const url = await storage.presignPart(key, uploadId, 1, { contentLength: MIN_PART_BYTES, expiresInSeconds: 600 });
    expect(new URL(url).searchParams.get("X-Amz-SignedHeaders")?.split(";")).toContain("content-length");
    await storage.abortMultipartUpload(key, uploadId);
  });

  it("aborts an upload so that it can no longer be listed", async () => {
    const uploadId = await storage.createMultipartUpload("videos/s3/source.mp4", "video/mp4");
    const partUrl = await storage.presignPart("videos/s3/source.mp4", uploadId, 1, { contentLength: 1, expiresInSeconds: 600 });
    await fetch(partUrl, { method: "PUT", body: Buffer.from("x") });
    expect(await storage.listParts("videos/s3/source.mp4", uploadId)).toHaveLength(1);
    await storage.abortMultipartUpload("videos/s3/source.mp4", uploadId);
    await expect(storage.listParts("videos/s3/source.mp4", uploadId)).rejects.toMatchObject({ code: "NO_SUCH_UPLOAD" });
  });

  it("checks the part list before sending it", async () => {
    const uploadId = await storage.createMultipartUpload(key, "video/mp4");
    await expect(
      storage.completeMultipartUpload(key, uploadId, [
        { partNumber: 2, etag: '"a"' },
        { partNumber: 1, etag: '"b"' },
      ]),
    ).rejects.toMatchObject({ code: "INVALID_PART_ORDER" });
    await expect(storage.presignPart(key, uploadId, 10_001, { contentLength: 1, expiresInSeconds: 600 })).rejects.toMatchObject({
      code: "INVALID_PART",
    });
  });
});

describe("files for the media worker", () => {
  it("uploads a small file in one PUT and a large one in parts", async () => {
    const small = path.join(workDir, "thumb.jpg");
    const large = path.join(workDir, "remuxed.mp4");
    const largeBytes = randomBytes(2 * MIN_PART_BYTES + 1000);
    await writeFile(small, Buffer.from([0xff, 0xd8, 0xff, 0xd9]));
    await writeFile(large, largeBytes);

    await storage.uploadFromFile(small, "videos/s4/thumb.jpg", "image/jpeg");
    await storage.uploadFromFile(large, "videos/s4/remuxed.mp4", "video/mp4");

    expect(await storage.head("videos/s4/thumb.jpg")).toEqual({ sizeBytes: 4, contentType: "image/jpeg" });
    expect(await storage.head("videos/s4/remuxed.mp4")).toEqual({ sizeBytes: largeBytes.length, contentType: "video/mp4" });
    const roundTrip = path.join(workDir, "round-trip.mp4");
    await storage.downloadToFile("videos/s4/remuxed.mp4", roundTrip);
    expect((await readFile(roundTrip)).equals(largeBytes)).toBe(true);
  });

  it("deletes one key or a whole prefix, and reports missing keys", async () => {
    const file = path.join(workDir, "small.bin");
    await writeFile(file, "data");
    for (const key of ["videos/d1/a.mp4", "videos/d1/b/c.jpg", "videos/d10/a.mp4"]) {
      await storage.uploadFromFile(file, key, "application/octet-stream");
    }
    await storage.delete("videos/d1/a.mp4");
    expect(await storage.head("videos/d1/a.mp4")).toBeNull();
    await storage.deletePrefix("videos/d1/");
    expect(await storage.head("videos/d1/b/c.jpg")).toBeNull();
    expect(await storage.head("videos/d10/a.mp4")).not.toBeNull();
    await expect(storage.downloadToFile("videos/d1/a.mp4", file)).rejects.toMatchObject({ code: "NO_SUCH_KEY" });
  });
});

describe("playback URLs", () => {
  it("presigns a GET that the store serves with Range support", async () => {
    const body = randomBytes(50_000);
    const source = path.join(workDir, "play.mp4");
    await writeFile(source, body);
    await storage.uploadFromFile(source, "videos/p1/source.mp4", "video/mp4");

    const before = Date.now();
    const { url, expiresAt } = await storage.playbackUrl("videos/p1/source.mp4", 3600);
    expect(Math.abs(expiresAt.getTime() - (before + 3_600_000))).toBeLessThan(5000);
    const response = await fetch(url, { headers: { Range: "bytes=100-199" } });
    expect(response.status).toBe(206);
    expect(Buffer.from(await response.arrayBuffer()).equals(body.subarray(100, 200))).toBe(true);
  });

  it("presigns a download answered as an attachment under its name, past a CDN, and reads a file's start", async () => {
    const body = Buffer.from("%PDF-1.4\nresource\n");
    const source = path.join(workDir, "slides.pdf");
    await writeFile(source, body);
    await storage.uploadFromFile(source, "videos/r1/resources/a/file", "application/pdf");

    const viaCdn = new S3Storage({ ...options, cdnBaseUrl: "https://cdn.example.com", cdnTokenKey: "0123456789abcdef0123" });
    const { url } = await viaCdn.downloadUrl("videos/r1/resources/a/file", "Week 1 – slides.pdf", 300);
    expect(url.startsWith(peer.endpoint)).toBe(true);
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toBe(`attachment; filename="Week 1 _ slides.pdf"; filename*=UTF-8''Week%201%20%E2%80%93%20slides.pdf`);
    expect(Buffer.from(await response.arrayBuffer())).toEqual(body);

    expect(await storage.readStart("videos/r1/resources/a/file", 5)).toEqual(Buffer.from("%PDF-"));
    expect(await storage.readStart("videos/r1/resources/a/file", 4096)).toEqual(body);
    expect(await storage.readStart("videos/r1/resources/missing/file", 5)).toBeNull();
  });

  it("goes through the Bunny CDN with a token bound to the path when a CDN is configured", async () => {
    const now = Date.UTC(2026, 0, 1);
    const cdnStorage = new S3Storage({
      ...options,
      cdnBaseUrl: "https://course-videos.b-cdn.net",
      cdnTokenKey: "bunny-security-key",
      now: () => now,
    });
    const expires = now / 1000 + 7200;
    const { url, expiresAt } = await cdnStorage.playbackUrl("videos/p1/source.mp4", 7200);
    const token = bunnyToken("bunny-security-key", "/videos/p1/source.mp4", expires);
    expect(url).toBe(`https://course-videos.b-cdn.net/videos/p1/source.mp4?token=${token}&expires=${expires}`);
    expect(expiresAt).toEqual(new Date(expires * 1000));
  });

  it("offers a playlist's folder through a CDN directory token, and no streaming URL without a CDN", async () => {
    const now = Date.UTC(2026, 0, 1);
    const cdnStorage = new S3Storage({ ...options, cdnBaseUrl: "https://course-videos.b-cdn.net", cdnTokenKey: "bunny-security-key", now: () => now });
    const expires = now / 1000 + 7200;
    const streaming = await cdnStorage.streamingUrl("videos/p1/u1/hls/master.m3u8", "videos/p1/u1/hls/", 7200);
    expect(streaming).toEqual({
      url: bunnyFolderSignedUrl({
        cdnBaseUrl: "https://course-videos.b-cdn.net",
        securityKey: "bunny-security-key",
        key: "videos/p1/u1/hls/master.m3u8",
        folder: "videos/p1/u1/hls/",
        expiresUnixSeconds: expires,
      }),
      expiresAt: new Date(expires * 1000),
    });
    expect(await new S3Storage(options).streamingUrl("videos/p1/u1/hls/master.m3u8", "videos/p1/u1/hls/", 7200)).toBeNull();
  });

  it("refuses half a CDN configuration", () => {
    expect(() => new S3Storage({ ...options, cdnBaseUrl: "https://course-videos.b-cdn.net" })).toThrow(/together/);
  });
});
