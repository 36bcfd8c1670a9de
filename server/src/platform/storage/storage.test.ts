import { LocalStorage } from "./local-storage.ts";
import { S3Storage } from "./s3-storage.ts";
import { createStorage } from "./storage.ts";

describe("createStorage", () => {
  it("builds the local driver, whose URLs point at this API", async () => {
    const storage = createStorage({
      driver: "local",
      rootDir: "/tmp/unused-media-root",
      publicBaseUrl: "http://localhost:4000/",
      signingKey: "k".repeat(32),
    });
    expect(storage).toBeInstanceOf(LocalStorage);
    expect((await storage.playbackUrl("videos/a/source.mp4", 60)).url).toMatch(
      /^http:\/\/localhost:4000\/media\/play\/videos\/a\/source\.mp4\?expires=\d+&signature=[\w-]+$/,
    );
  });

  it("builds the S3 driver, whose URLs point at the store", async () => {
    const storage = createStorage({
      driver: "s3",
      endpoint: "https://s3.us-west-004.backblazeb2.com",
      region: "us-west-004",
      bucket: "course-videos",
      accessKeyId: "key-id",
      secretAccessKey: "secret",
      forcePathStyle: true,
    });
    expect(storage).toBeInstanceOf(S3Storage);
    const { url } = await storage.playbackUrl("videos/a/source.mp4", 60);
    expect(url.startsWith("https://s3.us-west-004.backblazeb2.com/course-videos/videos/a/source.mp4?")).toBe(true);
  });

  it("refuses a local signing key too short to be a secret", () => {
    expect(() =>
      createStorage({ driver: "local", publicBaseUrl: "http://localhost:4000", signingKey: "short" }),
    ).toThrow(/at least 32 characters/);
  });
});
