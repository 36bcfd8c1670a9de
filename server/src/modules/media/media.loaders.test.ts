// The media module's raw reads answer exactly the rows Prisma would: same fields, same types.
import { startTestServer, type TestServer } from "../../../test/support/test-server.ts";
import { createContext } from "../../platform/context.ts";
import { createCourse } from "../catalog/catalog.fixtures.ts";
import { databaseId } from "../../../test/support/ids.ts";
import { signUpCast } from "../identity/identity.fixtures.ts";
import { sectionById, structureByCourse, videoById } from "./media.loaders.ts";

let server: TestServer;
let courseId: string;
beforeAll(async () => {
  server = await startTestServer();
  const { owner } = await signUpCast(server);
  courseId = databaseId((await createCourse(server, owner.accessToken)).id);
});
afterAll(() => server.close());

const freshContext = () => createContext(server.app.platform, { requestId: "loader-test", viewer: null, ip: "127.0.0.1" });
const UNKNOWN = "0190a000-0000-7000-8000-000000000000";
/** What a VideoRow leaves out. */
const UNLISTED = {
  transcriptVtt: true,
  audioCodec: true,
  videoCodec: true,
  width: true,
  height: true,
  sizeBytes: true,
  processedAt: true,
  processingStartedAt: true,
  processingErrorDetail: true,
  hlsMasterKey: true,
  hlsRenditions: true,
  posterKey: true,
  thumbnailsVttKey: true,
} as const;

it("answers sections in order and videos by position, as Prisma's rows without the unlisted columns", async () => {
  const later = await server.db.section.create({ data: { courseId, title: "Second", position: 1 } });
  const first = await server.db.section.create({ data: { courseId, title: "First", position: 0 } });
  await server.db.video.createMany({
    data: [
      { courseId, sectionId: first.id, title: "B", position: 1, status: "READY", durationSeconds: 30, isPreview: true, sizeBytes: 10n ** 10n },
      { courseId, sectionId: first.id, title: "A", position: 0, description: "first", transcriptVtt: "WEBVTT\n" },
      { courseId, title: "Intro", position: 0, processingError: "bad file" },
    ],
  });
  const context = freshContext();
  const structures = context.loader(structureByCourse);
  const [{ sections, videos }, none] = await Promise.all([structures.load(courseId), structures.load(UNKNOWN)]);
  expect(sections).toStrictEqual(await server.db.section.findMany({ where: { courseId }, orderBy: { position: "asc" } }));
  expect(none).toEqual({ sections: [], videos: [] });
  expect(sections.map((section) => section.id)).toEqual([first.id, later.id]);

  const expected = await server.db.video.findMany({ where: { courseId }, orderBy: { position: "asc" }, omit: UNLISTED });
  expect([...videos].sort((a, b) => a.title.localeCompare(b.title))).toStrictEqual(expected.sort((a, b) => a.title.localeCompare(b.title)));
  expect(videos.map((video) => video.position)).toEqual([0, 0, 1]);
  expect(videos[0].createdAt).toBeInstanceOf(Date);
  expect(videos[0]).not.toHaveProperty("transcriptVtt");
});

it("answers a section and a video by id, and null for unknown ids", async () => {
  const section = await server.db.section.create({ data: { courseId, title: "By id", position: 2 } });
  const video = await server.db.video.create({ data: { courseId, sectionId: section.id, title: "By id", position: 0 }, omit: UNLISTED });
  const context = freshContext();
  expect(await context.loader(sectionById).loadMany([section.id, UNKNOWN])).toStrictEqual([section, null]);
  expect(await context.loader(videoById).loadMany([video.id, UNKNOWN])).toStrictEqual([video, null]);
});
