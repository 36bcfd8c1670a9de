import { createHash } from "node:crypto";
import { bunnyFolderSignedUrl, bunnySignedUrl, bunnyToken } from "./bunny-token.ts";

const securityKey = "4f2a1c9e-test-key";
const urlPath = "/videos/abc123/source.mp4";
const expires = 1767225600;

/** The documented recipe, spelled out: Base64 of the SHA-256 digest with + -> -, / -> _ and = dropped. */
function documentedToken(key: string, path: string, expiresAt: number): string {
  const digest = createHash("sha256").update(key + path + String(expiresAt)).digest("base64");
  return digest.replace(/\n/g, "").replace(/\+/g, "-").replace(/\//g, "_").replace(/=/g, "");
}

describe("bunnyToken", () => {
  it("matches a vector computed outside Node from the documented formula", () => {
    expect(bunnyToken(securityKey, urlPath, expires)).toBe("06R4Vi7LLu-b4pHf_l2-HZAQyH0IERYN8U56bUu322Y");
  });

  it("follows the documented character replacements for other inputs too", () => {
    for (const [key, path, at] of [
      ["k", "/a.mp4", 1],
      ["another key", "/course/7/lesson 3.mp4", 2000000000],
      ["x".repeat(64), "/deep/er/path/thumb.jpg", 1700000000],
    ] as const) {
      const token = bunnyToken(key, path, at);
      expect(token).toBe(documentedToken(key, path, at));
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    }
  });

  it("binds the token to the path and the expiry", () => {
    const token = bunnyToken(securityKey, urlPath, expires);
    expect(bunnyToken(securityKey, "/videos/abc123/other.mp4", expires)).not.toBe(token);
    expect(bunnyToken(securityKey, urlPath, expires + 1)).not.toBe(token);
    expect(bunnyToken("other-key", urlPath, expires)).not.toBe(token);
  });
});

describe("bunnySignedUrl", () => {
  it("puts the token and expiry on the pull zone URL of the key", () => {
    const url = bunnySignedUrl({
      cdnBaseUrl: "https://course-videos.b-cdn.net",
      securityKey,
      key: "videos/abc123/source.mp4",
      expiresUnixSeconds: expires,
    });
    expect(url).toBe(`https://course-videos.b-cdn.net${urlPath}?token=06R4Vi7LLu-b4pHf_l2-HZAQyH0IERYN8U56bUu322Y&expires=${expires}`);
  });

  it("signs the full URL path, including a base path and percent-encoded characters", () => {
    const url = new URL(
      bunnySignedUrl({
        cdnBaseUrl: "https://cdn.example.com/media/",
        securityKey,
        key: "videos/a b/intro.mp4",
        expiresUnixSeconds: expires,
      }),
    );
    expect(url.pathname).toBe("/media/videos/a%20b/intro.mp4");
    expect(url.searchParams.get("token")).toBe(documentedToken(securityKey, "/media/videos/a%20b/intro.mp4", expires));
    expect(url.searchParams.get("expires")).toBe(String(expires));
  });
});

describe("bunnyFolderSignedUrl", () => {
  const input = { cdnBaseUrl: "https://zone.b-cdn.net", securityKey, key: "videos/v1/u1/hls/master.m3u8", folder: "videos/v1/u1/", expiresUnixSeconds: expires };

  it("carries a directory token in the path, so a playlist's relative URLs resolve under it and keep it", () => {
    const url = bunnyFolderSignedUrl(input);
    // The documented recipe with token_path: the signed path is the folder, the sorted extra parameters follow the expiry.
    const token = createHash("sha256").update(`${securityKey}/videos/v1/u1/${expires}token_path=/videos/v1/u1/`).digest("base64url");
    expect(url).toBe(`https://zone.b-cdn.net/bcdn_token=${token}&expires=${expires}&token_path=%2Fvideos%2Fv1%2Fu1%2F/videos/v1/u1/hls/master.m3u8`);
    expect(new URL("0/index.m3u8", url).href).toBe(`https://zone.b-cdn.net/bcdn_token=${token}&expires=${expires}&token_path=%2Fvideos%2Fv1%2Fu1%2F/videos/v1/u1/hls/0/index.m3u8`);
  });

  it("refuses a folder the key is not in", () => {
    expect(() => bunnyFolderSignedUrl({ ...input, folder: "videos/v2/" })).toThrow(/not a folder/);
    expect(() => bunnyFolderSignedUrl({ ...input, folder: "videos/v1/u1" })).toThrow(/not a folder/);
  });
});
