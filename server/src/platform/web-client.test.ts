// The built client as a browser gets it: the precompressed copy its Accept-Encoding allows, hashed
// assets cached for good, the page itself revalidated on every visit.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from "node:zlib";
import express from "express";
import { webClientRoutes } from "./web-client.ts";

const SCRIPT = `export const greeting = "${"hello from a hashed chunk ".repeat(100)}";\n`;
const PAGE = `<!doctype html><html><head><script type="module" src="/assets/index-a1b2c3.js"></script></head><body><div id="root"></div></body></html>`;

let distDir: string;
let server: Server;
let origin: string;

beforeAll(async () => {
  distDir = await mkdtemp(path.join(tmpdir(), "web-dist-"));
  await mkdir(path.join(distDir, "assets"));
  await writeFile(path.join(distDir, "index.html"), PAGE);
  const script = path.join(distDir, "assets/index-a1b2c3.js");
  await writeFile(script, SCRIPT);
  await writeFile(`${script}.br`, brotliCompressSync(SCRIPT));
  await writeFile(`${script}.gz`, gzipSync(SCRIPT));
  const app = express();
  app.use(webClientRoutes(distDir)!);
  server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(distDir, { recursive: true, force: true });
});

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** node:http, not fetch: fetch would ask for compression and undo it before the test could look. */
function get(urlPath: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    request(`${origin}${urlPath}`, { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks) }));
      response.on("error", reject);
    })
      .on("error", reject)
      .end();
  });
}

const IMMUTABLE = "public, max-age=31536000, immutable";

it("sends a hashed asset as brotli when the browser accepts it, cached for a year as immutable", async () => {
  const response = await get("/assets/index-a1b2c3.js", { "accept-encoding": "gzip, deflate, br, zstd" });
  expect(response.status).toBe(200);
  expect(response.headers["content-encoding"]).toBe("br");
  expect(response.headers["content-type"]).toMatch(/^text\/javascript; charset=utf-8$/i);
  expect(response.headers.vary).toBe("Accept-Encoding");
  expect(response.headers["cache-control"]).toBe(IMMUTABLE);
  expect(brotliDecompressSync(response.body).toString("utf8")).toBe(SCRIPT);
});

it("sends gzip to a browser that does not accept brotli", async () => {
  const response = await get("/assets/index-a1b2c3.js", { "accept-encoding": "gzip, deflate" });
  expect(response.headers["content-encoding"]).toBe("gzip");
  expect(response.headers["cache-control"]).toBe(IMMUTABLE);
  expect(gunzipSync(response.body).toString("utf8")).toBe(SCRIPT);
});

it("sends the file itself to a client that accepts no compression", async () => {
  const response = await get("/assets/index-a1b2c3.js");
  expect(response.status).toBe(200);
  expect(response.headers["content-encoding"]).toBeUndefined();
  expect(response.headers.vary).toBe("Accept-Encoding");
  expect(response.headers["cache-control"]).toBe(IMMUTABLE);
  expect(response.body.toString("utf8")).toBe(SCRIPT);
});

it("answers an asset that no longer exists with 404, not with the page", async () => {
  const response = await get("/assets/index-of-an-older-build.js", { accept: "*/*" });
  expect(response.status).toBe(404);
  expect(response.body.toString("utf8")).not.toContain("<!doctype html>");
});

it("serves the page for the client's routes with no-cache, so a new build is picked up at once", async () => {
  for (const urlPath of ["/courses/some-course", "/index.html"]) {
    const response = await get(urlPath, { accept: "text/html", "accept-encoding": "gzip, br" });
    expect({ urlPath, status: response.status, cacheControl: response.headers["cache-control"] }).toEqual({
      urlPath,
      status: 200,
      cacheControl: "no-cache",
    });
    expect(response.body.toString("utf8")).toBe(PAGE);
  }
});
