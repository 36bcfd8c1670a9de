// Resources attached to a video, through the public API and over HTTP: uploaded straight to
// storage and checked on completion, who sees them and may download them (the signed download
// route itself checks), every refusal (with nothing written), and their files' removal.
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { expectError } from "../../../test/support/errors.ts";
import { databaseId } from "../../../test/support/ids.ts";
import { startTestServer, type TestServer, UNTHROTTLED } from "../../../test/support/test-server.ts";
import { waitUntil } from "../../../test/support/wait.ts";
import { signLocalRequest } from "../../platform/storage/local-url-signature.ts";
import { addCoInstructor, createCourse } from "../catalog/catalog.fixtures.ts";
import { type Cast, signUpCast } from "../identity/identity.fixtures.ts";
import { courseToLearn, enrollAs } from "../learning/learning.fixtures.ts";
import { CREATE_VIDEO, reachable } from "./media.fixtures.ts";
import { removeOrphanedFiles } from "./video-files.ts";
import { removeExpiredResourceUploads } from "./video-resource.service.ts";

const MAX_PER_VIDEO = 3;
const MAX_BYTES = 64 * 1024;

let server: TestServer;
let cast: Cast;
let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "resources-"));
  server = await startTestServer({
    ...UNTHROTTLED,
    DATA_DIR: dataDir,
    RESOURCE_MAX_PER_VIDEO: String(MAX_PER_VIDEO),
    RESOURCE_MAX_BYTES: String(MAX_BYTES),
  });
  cast = await signUpCast(server);
});
afterAll(async () => {
  await server.close();
  await rm(dataDir, { recursive: true, force: true });
});

const PDF = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
const ZIP = Buffer.concat([Buffer.from([0x50, 0x4b, 0x05, 0x06]), Buffer.alloc(18)]);

const CREATE = /* GraphQL */ `
  mutation ($input: CreateVideoResourceUploadInput!) { createVideoResourceUpload(input: $input) { id url expiresAt } }
`;
const COMPLETE = /* GraphQL */ `
  mutation ($id: ID!) { completeVideoResourceUpload(id: $id) { id fileName contentType byteSize position download { url expiresAt } } }
`;
const RENAME = /* GraphQL */ `mutation ($id: ID!, $fileName: String!) { renameVideoResource(id: $id, fileName: $fileName) { id fileName } }`;
const DELETE = /* GraphQL */ `mutation ($id: ID!) { deleteVideoResource(id: $id) }`;
const REORDER = /* GraphQL */ `
  mutation ($videoId: ID!, $ids: [ID!]!) { reorderVideoResources(videoId: $videoId, resourceIds: $ids) { id position } }
`;
const RESOURCES = /* GraphQL */ `
  query ($id: ID!) { video(id: $id) { id resources { id fileName contentType byteSize position download { url expiresAt } } } }
`;

interface FileToAttach {
  fileName?: string;
  contentType?: string;
  bytes?: Buffer;
}

const owner = () => cast.owner.accessToken;
const mediaFile = (key: string) => path.join(dataDir, "media", "objects", ...key.split("/"));
const exists = (file: string) => stat(file).then(() => true, () => false);
const storedResources = (videoId: string) => server.db.videoResource.findMany({ where: { videoId: databaseId(videoId) }, orderBy: { createdAt: "asc" } });

/** A published course of the owner with one READY video (a preview when told), the student enrolled. */
async function lesson(options: { preview?: boolean } = {}) {
  const { courseId, videoIds } = await courseToLearn(server, owner(), [60]);
  await enrollAs(server, cast.student.accessToken, courseId);
  if (options.preview) await server.graphql(`mutation ($id: ID!) { updateVideo(id: $id, input: { isPreview: true }) { id } }`, { id: videoIds[0] }, { token: owner() });
  return { courseId, videoId: videoIds[0]! };
}

function createUpload(videoId: string, file: FileToAttach = {}, token = owner()) {
  const bytes = file.bytes ?? PDF;
  const input = { videoId, fileName: file.fileName ?? "slides.pdf", contentType: file.contentType ?? "application/pdf", byteSize: bytes.length };
  return server.graphql(CREATE, { input }, { token });
}

async function put(url: string, bytes: Buffer, contentType: string) {
  return fetch(reachable(server, url), { method: "PUT", headers: { "Content-Type": contentType }, body: bytes });
}

/** Uploads and completes a resource; answers the completion's response. */
async function attach(videoId: string, file: FileToAttach = {}, token = owner()) {
  const bytes = file.bytes ?? PDF;
  const created = await createUpload(videoId, file, token);
  expect(created.errors).toBeUndefined();
  const upload = created.data!.createVideoResourceUpload as { id: string; url: string };
  expect((await put(upload.url, bytes, file.contentType ?? "application/pdf")).status).toBe(200);
  return { id: upload.id, completed: await server.graphql(COMPLETE, { id: upload.id }, { token }) };
}

async function resourcesAs(videoId: string, token: string | undefined) {
  const result = await server.graphql(RESOURCES, { id: videoId }, { token });
  expect(result.errors).toBeUndefined();
  return result.data!.video?.resources as { id: string; fileName: string; download: { url: string } | null }[] | undefined;
}

describe("attaching a resource", () => {
  it("uploads a PDF straight to storage, checks it, and lets an enrolled learner download it as an attachment", async () => {
    const { videoId } = await lesson();
    const { id, completed } = await attach(videoId, { fileName: "Week 1 – slides.pdf" });
    expect(completed.errors).toBeUndefined();
    expect(completed.data!.completeVideoResourceUpload).toMatchObject({
      id,
      fileName: "Week 1 – slides.pdf",
      contentType: "application/pdf",
      byteSize: PDF.length,
      position: 0,
    });

    const [listed] = (await resourcesAs(videoId, cast.student.accessToken))!;
    expect(listed).toMatchObject({ id, fileName: "Week 1 – slides.pdf" });
    const response = await fetch(reachable(server, listed!.download!.url));
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer())).toEqual(PDF);
    expect(response.headers.get("content-type")).toBe("application/pdf");
    expect(response.headers.get("content-disposition")).toBe(
      `attachment; filename="Week 1 _ slides.pdf"; filename*=UTF-8''Week%201%20%E2%80%93%20slides.pdf`,
    );
  });

  it("answers a second completion, and two at once, with the one resource, listed once", async () => {
    const { videoId } = await lesson();
    const { id, completed } = await attach(videoId);
    const again = await server.graphql(COMPLETE, { id }, { token: owner() });
    expect(again.data!.completeVideoResourceUpload).toMatchObject({ id, position: 0 });

    const created = (await createUpload(videoId, { fileName: "code.zip", contentType: "application/zip", bytes: ZIP })).data!.createVideoResourceUpload;
    await put(created.url, ZIP, "application/zip");
    const racing = await Promise.all([1, 2].map(() => server.graphql(COMPLETE, { id: created.id }, { token: owner() })));
    expect(racing.map((result) => result.errors)).toEqual([undefined, undefined]);
    expect(racing.map((result) => result.data!.completeVideoResourceUpload.position)).toEqual([1, 1]);
    expect((await storedResources(videoId)).map((row) => [row.status, row.position])).toEqual([["READY", 0], ["READY", 1]]);
    expect(completed.errors).toBeUndefined();
  });

  it("takes slides, archives, text and images whose bytes are what their type says", async () => {
    const { videoId } = await lesson();
    const gzip = Buffer.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 3]);
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
    for (const file of [
      { fileName: "talk.pptx", contentType: "application/vnd.openxmlformats-officedocument.presentationml.presentation", bytes: ZIP },
      { fileName: "code.tar.gz", contentType: "application/gzip", bytes: gzip },
      { fileName: "README.md", contentType: "text/markdown", bytes: Buffer.from("# Exercises\n\nÉcrire un test.\n") },
    ]) {
      expect((await attach(videoId, file)).completed.errors).toBeUndefined();
    }
    // The limit is three per video.
    const fourth = await createUpload(videoId, { fileName: "diagram.png", contentType: "image/png", bytes: png });
    expectError(fourth, "CONFLICT", "TOO_MANY_RESOURCES");
    expect(await storedResources(videoId)).toHaveLength(MAX_PER_VIDEO);
  });
});

describe("refusals", () => {
  it("refuses unsafe names, unknown types, mismatched extensions and sizes out of bounds, writing nothing", async () => {
    const { videoId } = await lesson();
    const refusals: [FileToAttach & { byteSize?: number }, string][] = [
      [{ fileName: "../../etc/passwd.pdf" }, "fileName"],
      [{ fileName: "a\\b.pdf" }, "fileName"],
      [{ fileName: "line\nbreak.pdf" }, "fileName"],
      [{ fileName: "   " }, "fileName"],
      [{ fileName: "setup.exe", contentType: "application/x-msdownload" }, "contentType"],
      [{ fileName: "slides.exe" }, "fileName"],
      [{ fileName: "slides.pdf", contentType: "text/html" }, "contentType"],
      [{ byteSize: MAX_BYTES + 1 }, "byteSize"],
      [{ byteSize: 0 }, "byteSize"],
      [{ byteSize: 1.5 }, "byteSize"],
    ];
    for (const [file, field] of refusals) {
      const input = { videoId, fileName: file.fileName ?? "slides.pdf", contentType: file.contentType ?? "application/pdf", byteSize: file.byteSize ?? 100 };
      const result = await server.graphql(CREATE, { input }, { token: owner() });
      expectError(result, "BAD_USER_INPUT");
      expect(Object.keys(result.errors![0]!.extensions!.fields as object)).toEqual([field]);
    }
    expect(await storedResources(videoId)).toEqual([]);
  });

  it("refuses to complete what was not uploaded, or does not hold what its type says, leaving it pending", async () => {
    const { videoId } = await lesson();
    const nothing = (await createUpload(videoId)).data!.createVideoResourceUpload;
    const result = await server.graphql(COMPLETE, { id: nothing.id }, { token: owner() });
    expect(result.errors?.[0]?.extensions).toEqual({ code: "BAD_USER_INPUT", fields: { id: "no file has been uploaded yet" } });

    const script = Buffer.from("#!/bin/sh\nrm -rf ~\n");
    const cases: [FileToAttach, RegExp][] = [
      [{ fileName: "slides.pdf", contentType: "application/pdf", bytes: ZIP }, /^the uploaded file is not a PDF, whatever its name says/],
      [{ fileName: "notes.txt", contentType: "text/plain", bytes: script }, /is a program or a script/],
      [{ fileName: "tool.zip", contentType: "application/zip", bytes: Buffer.concat([Buffer.from("MZ"), ZIP]) }, /is a program or a script/],
      [{ fileName: "photo.png", contentType: "image/png", bytes: PDF }, /is not a PNG image/],
      [{ fileName: "data.txt", contentType: "text/plain", bytes: Buffer.from([0x41, 0, 0x42]) }, /is not a text file/],
    ];
    for (const [file, message] of cases) {
      const { id, completed } = await attach(videoId, file);
      expectError(completed, "BAD_USER_INPUT");
      expect((completed.errors![0]!.extensions!.fields as { id: string }).id).toMatch(message);
      expect((await storedResources(videoId)).map((row) => row.status)).toEqual(["PENDING", "PENDING"]);
      expect(await resourcesAs(videoId, owner())).toEqual([]);
      // What the web does with a refused file, and room under the limit for the next case.
      expect((await server.graphql(DELETE, { id }, { token: owner() })).data).toEqual({ deleteVideoResource: true });
    }
  });

  it("hides another course's resources from an instructor who is not on its team, and lets a co-instructor complete them", async () => {
    const { courseId, videoId } = await lesson();
    const upload = (await createUpload(videoId)).data!.createVideoResourceUpload;
    await put(upload.url, PDF, "application/pdf");
    for (const mutation of [
      server.graphql(COMPLETE, { id: upload.id }, { token: cast.otherInstructor.accessToken }),
      server.graphql(RENAME, { id: upload.id, fileName: "mine.pdf" }, { token: cast.otherInstructor.accessToken }),
      server.graphql(DELETE, { id: upload.id }, { token: cast.otherInstructor.accessToken }),
    ]) expectError(await mutation, "NOT_FOUND");
    expectError(await server.graphql(COMPLETE, { id: upload.id }, { token: cast.student.accessToken }), "FORBIDDEN");
    expect((await storedResources(videoId)).map((row) => [row.status, row.fileName])).toEqual([["PENDING", "slides.pdf"]]);

    await addCoInstructor(server, owner(), courseId, cast.coInstructor.id);
    const completed = await server.graphql(COMPLETE, { id: upload.id }, { token: cast.coInstructor.accessToken });
    expect(completed.data!.completeVideoResourceUpload).toMatchObject({ id: upload.id, position: 0 });
  });

  it("refuses a renamed file's unsafe name or another extension, keeping its name", async () => {
    const { videoId } = await lesson();
    const { id } = await attach(videoId);
    for (const fileName of ["../secret.pdf", "slides.exe", "tab\there.pdf", ""]) {
      expectError(await server.graphql(RENAME, { id, fileName }, { token: owner() }), "BAD_USER_INPUT");
    }
    expect((await storedResources(videoId))[0]!.fileName).toBe("slides.pdf");
    expect((await server.graphql(RENAME, { id, fileName: "  Lecture notes.PDF " }, { token: owner() })).data!.renameVideoResource.fileName).toBe("Lecture notes.PDF");
  });

  it("refuses a PUT after completion, so what was checked is what is downloaded", async () => {
    const { videoId } = await lesson();
    const created = (await createUpload(videoId)).data!.createVideoResourceUpload;
    await put(created.url, PDF, "application/pdf");
    await server.graphql(COMPLETE, { id: created.id }, { token: owner() });
    const swapped = Buffer.concat([Buffer.from("MZ"), PDF.subarray(2)]);
    expect((await put(created.url, swapped, "application/pdf")).status).toBe(409);
    const [listed] = (await resourcesAs(videoId, cast.student.accessToken))!;
    expect(Buffer.from(await (await fetch(reachable(server, listed!.download!.url))).arrayBuffer())).toEqual(PDF);
  });
});

describe("who sees a video's resources", () => {
  it("lists them with a download URL to the enrolled learner, the team and admins, and to nobody else, on a preview too", async () => {
    const { courseId, videoId } = await lesson({ preview: true });
    await addCoInstructor(server, owner(), courseId, cast.coInstructor.id);
    await attach(videoId);
    for (const token of [cast.student.accessToken, owner(), cast.coInstructor.accessToken, cast.admin.accessToken]) {
      const listed = await resourcesAs(videoId, token);
      expect(listed).toHaveLength(1);
      expect(listed![0]!.download?.url).toMatch(/^http/);
    }
    // The preview plays for them, but its resources are the learners'.
    for (const token of [cast.otherStudent.accessToken, cast.otherInstructor.accessToken, undefined]) {
      expect(await resourcesAs(videoId, token)).toEqual([]);
    }
  });

  it("answers API keys as it answers playback: a key acting for the team sees them where the video plays for it", async () => {
    const { videoId } = await lesson();
    await attach(videoId);
    const query = `query ($id: ID!) { video(id: $id) { playback { url } resources { id } } }`;
    for (const key of Object.values(cast.keys)) {
      const { data } = await server.graphql(query, { id: videoId }, { token: key });
      expect(data!.video.resources.length > 0).toBe(data!.video.playback !== null);
    }
  });

  it("lists a video's resources for a page of 6 videos in as many statements as for 2", async () => {
    const statementsFor = async (videoCount: number) => {
      const { courseId, videoIds } = await courseToLearn(server, owner(), Array(videoCount).fill(60));
      await enrollAs(server, cast.student.accessToken, courseId);
      for (const videoId of videoIds) {
        await attach(videoId);
        await attach(videoId, { fileName: "notes.txt", contentType: "text/plain", bytes: Buffer.from("Read chapter 2.\n") });
      }
      const query = `query ($id: ID!) { course(id: $id) { videos { id resources { id fileName byteSize download { url } } } } }`;
      let listed = 0;
      const statements = await server.countQueries(async () => {
        const result = await server.graphql(query, { id: courseId }, { token: cast.student.accessToken });
        expect(result.errors).toBeUndefined();
        listed = result.data!.course.videos.flatMap((video: { resources: { download: object | null }[] }) => video.resources.filter((resource) => resource.download)).length;
      });
      expect(listed).toBe(2 * videoCount);
      return statements;
    };
    const two = await statementsFor(2);
    const six = await statementsFor(6);
    expect(six).toBe(two);
    console.log(`Video.resources statements: ${two} for 2 videos, ${six} for 6`);
  });
});

describe("the download route", () => {
  it("refuses a forged signature, another file name, another key and an expired URL", async () => {
    const { videoId } = await lesson();
    await attach(videoId);
    const [listed] = (await resourcesAs(videoId, cast.student.accessToken))!;
    const url = new URL(reachable(server, listed!.download!.url));
    expect((await fetch(url)).status).toBe(200);

    const forged = new URL(url);
    forged.searchParams.set("signature", `${url.searchParams.get("signature")!.slice(0, -2)}AA`);
    const renamed = new URL(url);
    renamed.searchParams.set("download", "evil.html");
    const playback = new URL(url);
    playback.searchParams.delete("download");
    const elsewhere = new URL(url);
    elsewhere.pathname = elsewhere.pathname.replace(/resources\/[^/]+\/file$/, "../../../media-signing.key");
    for (const refused of [forged, renamed, playback]) {
      expect((await fetch(refused)).status).toBe(403);
    }
    expect([400, 403, 404]).toContain((await fetch(elsewhere)).status);

    const key = decodeURIComponent(url.pathname.replace("/media/play/", ""));
    const signingKey = (await readFile(path.join(dataDir, "media-signing.key"), "utf8")).trim();
    const expires = Math.floor(Date.now() / 1000) - 5;
    const signature = signLocalRequest(signingKey, { method: "GET", key, expires, download: "slides.pdf" });
    const expired = await fetch(`${server.url}/media/play/${key}?download=slides.pdf&expires=${expires}&signature=${signature}`);
    expect(expired.status).toBe(403);
    expect(await expired.json()).toEqual({ error: "this URL has expired" });
  });
});

describe("ordering and removal", () => {
  it("reorders a video's resources, refusing a list that is not all of them", async () => {
    const { videoId } = await lesson();
    const first = (await attach(videoId)).id;
    const second = (await attach(videoId, { fileName: "code.zip", contentType: "application/zip", bytes: ZIP })).id;
    expectError(await server.graphql(REORDER, { videoId, ids: [second] }, { token: owner() }), "BAD_USER_INPUT");
    const reordered = await server.graphql(REORDER, { videoId, ids: [second, first] }, { token: owner() });
    expect(reordered.data!.reorderVideoResources).toEqual([{ id: second, position: 0 }, { id: first, position: 1 }]);
    expect((await resourcesAs(videoId, cast.student.accessToken))!.map((resource) => resource.id)).toEqual([second, first]);
  });

  it("deletes a resource with its file, closing the gap it leaves", async () => {
    const { videoId } = await lesson();
    const first = (await attach(videoId)).id;
    const second = (await attach(videoId, { fileName: "code.zip", contentType: "application/zip", bytes: ZIP })).id;
    const [row] = await storedResources(videoId);
    expect(await exists(mediaFile(row!.storageKey))).toBe(true);
    expect((await server.graphql(DELETE, { id: first }, { token: owner() })).data).toEqual({ deleteVideoResource: true });
    await waitUntil("the deleted resource's file to be removed", async () => !(await exists(mediaFile(row!.storageKey))));
    expect((await storedResources(videoId)).map((resource) => [resource.fileName, resource.position])).toEqual([["code.zip", 0]]);
    expectError(await server.graphql(DELETE, { id: first }, { token: owner() }), "NOT_FOUND");
    expect(second).toBeDefined();
  });

  it("removes the resources' files with their video, and with their course", async () => {
    const course = await createCourse(server, owner());
    const videoIds: string[] = [];
    for (const title of ["One", "Two"]) {
      videoIds.push((await server.graphql(CREATE_VIDEO, { input: { courseId: course.id, title } }, { token: owner() })).data!.createVideo.id);
    }
    for (const videoId of videoIds) await attach(videoId);
    const [one, two] = await Promise.all(videoIds.map(async (videoId) => mediaFile((await storedResources(videoId))[0]!.storageKey)));

    await server.graphql(`mutation ($id: ID!) { deleteVideo(id: $id) }`, { id: videoIds[0] }, { token: owner() });
    expect(await exists(one!)).toBe(false);
    expect(await exists(two!)).toBe(true);
    await server.graphql(`mutation ($id: ID!) { deleteCourse(id: $id) }`, { id: course.id }, { token: owner() });
    await waitUntil("the deleted course's resource files to be removed", async () => !(await exists(two!)));
  });

  it("removes resources never completed once their URL expired; the orphan sweep keeps those that are kept", async () => {
    const { videoId } = await lesson();
    await attach(videoId);
    const pending = (await createUpload(videoId)).data!.createVideoResourceUpload;
    await put(pending.url, PDF, "application/pdf");
    const [ready, open] = await storedResources(videoId);
    const stray = `${ready!.storageKey.replace(/resources\/[^/]+\/file$/, "resources/0190c0de-0000-7000-8000-000000000000/file")}`;
    await server.app.platform.storage.uploadFromFile(await tempFile(PDF), stray, "application/pdf");

    expect(await removeOrphanedFiles(server.app.platform, new Date(Date.now() + 1000))).toBeGreaterThanOrEqual(1);
    expect([await exists(mediaFile(ready!.storageKey)), await exists(mediaFile(open!.storageKey)), await exists(mediaFile(stray))]).toEqual([true, true, false]);

    await server.db.videoResource.update({ where: { id: open!.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await removeExpiredResourceUploads(server.app.platform)).toBe(1);
    expect((await storedResources(videoId)).map((row) => row.id)).toEqual([ready!.id]);
    expect(await exists(mediaFile(open!.storageKey))).toBe(false);
  });
});

async function tempFile(bytes: Buffer): Promise<string> {
  const file = path.join(dataDir, `stray-${Date.now()}`);
  await writeFile(file, bytes);
  return file;
}
