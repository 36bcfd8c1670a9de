// Stopping and restarting the server as a process: SIGTERM or a terminal's Ctrl-C drains it and
// exits 0, and a video whose processing was cut short (by a stop or by a kill) becomes READY
// after a restart.
import http from "node:http";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { signUp } from "../src/modules/identity/identity.fixtures.ts";
import { startServerProcess, type ServerProcess } from "./support/server-process.ts";
import { createTestDatabase, freePort } from "./support/test-database.ts";
import { UNTHROTTLED, type GraphQLResponse, type TestServer } from "./support/test-server.ts";
import { waitUntil } from "./support/wait.ts";
import { createCourse } from "../src/modules/catalog/catalog.fixtures.ts";
import { databaseId } from "./support/ids.ts";
import { COMPLETE_UPLOAD, CREATE_VIDEO, makeSampleVideo, putFile, START_UPLOAD, type StartedUpload } from "../src/modules/media/media.fixtures.ts";
import { resolveFfmpegBinaries } from "../src/modules/media/video-processing.ts";
import { createDatabase, type Database } from "../src/platform/db.ts";

jest.setTimeout(240_000);

/** A stack frame, as printed by an uncaught error or console.error(error). */
const STACK_FRAME = /\n\s+at .+:\d+:\d+\)?/;

let workDir: string;
let sample: string;
let database: { url: string; drop(): Promise<void> };
let db: Database;
const started: ServerProcess[] = [];

/** An ffmpeg that waits, once it is called, until the test lets it go: processing held mid-way. */
async function holdingFfmpeg(holdDir: string): Promise<string> {
  const script = path.join(holdDir, "ffmpeg");
  await writeFile(
    script,
    [
      "#!/bin/sh",
      `echo $$ > "${holdDir}/started"`,
      `while [ ! -e "${holdDir}/release" ]; do sleep 0.1; done`,
      `exec "${resolveFfmpegBinaries().ffmpegPath}" "$@"`,
      "",
    ].join("\n"),
  );
  await chmod(script, 0o755);
  return script;
}

const exists = (file: string) => stat(file).then(() => true, () => false);

async function serverEnv(dataDir: string, holdDir: string) {
  return {
    ...UNTHROTTLED,
    DATABASE_URL: database.url,
    DATA_DIR: dataDir,
    FFMPEG_PATH: await holdingFfmpeg(holdDir),
    // Tokens and upload URLs must outlive a restart.
    JWT_SECRET: "shutdown-test-secret-of-at-least-32-characters",
    MEDIA_SIGNING_KEY: "shutdown-test-media-key-of-at-least-32-chars",
    PUBLIC_CACHE_SECONDS: "0",
  };
}

async function start(env: Record<string, string | undefined>, launcher?: "node" | "npm") {
  const server = await startServerProcess(env, launcher);
  started.push(server);
  return server;
}

/** The few TestServer members the account and course helpers use, pointed at a server process. */
function client(server: ServerProcess): TestServer {
  return {
    url: server.url,
    db,
    app: { platform: { config: { publicUrl: server.url } } },
    async graphql(query: string, variables?: Record<string, unknown>, options: { token?: string } = {}) {
      const response = await fetch(`${server.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(options.token ? { authorization: `Bearer ${options.token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, ...((await response.json()) as object) } as GraphQLResponse<any>;
    },
  } as unknown as TestServer;
}

/** Uploads the sample as a new video's file and waits until its processing is held in ffmpeg. */
async function videoHeldInProcessing(server: ServerProcess, holdDir: string) {
  const api = client(server);
  const owner = await signUp(api, { role: "INSTRUCTOR" });
  const course = await createCourse(api, owner.accessToken);
  const created = await api.graphql(CREATE_VIDEO, { input: { courseId: course.id, title: "Lesson" } }, { token: owner.accessToken });
  const videoId = databaseId(created.data!.createVideo.id);
  const input = { videoId: created.data!.createVideo.id, fileName: "clip.mp4", contentType: "video/mp4", sizeBytes: (await stat(sample)).size };
  const upload = (await api.graphql(START_UPLOAD, { input }, { token: owner.accessToken })).data!.startVideoUpload as StartedUpload;
  await putFile(api, upload, sample, "video/mp4");
  const completed = await api.graphql(COMPLETE_UPLOAD, { uploadId: upload.id }, { token: owner.accessToken });
  expect(completed.errors).toBeUndefined();
  await waitUntil("processing to reach ffmpeg", () => exists(path.join(holdDir, "started")), 60_000);
  return { videoId, uploadId: databaseId(upload.id), owner, courseId: course.id as string };
}

async function processingJobStates(uploadId: string): Promise<string[]> {
  const rows = await db.$queryRaw<{ state: string }[]>`
    SELECT state::text FROM pgboss.job WHERE name = 'media-process-upload' AND data->>'uploadId' = ${uploadId}`;
  return rows.map((row) => row.state);
}

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), "shutdown-"));
  sample = await makeSampleVideo(path.join(workDir, "clip.mp4"), { seconds: 2 });
  database = await createTestDatabase();
  db = createDatabase({ url: database.url, poolSize: 2 });
});
afterEach(async () => {
  for (const server of started.splice(0)) {
    try {
      server.kill("SIGKILL", "group");
    } catch {
      // Exited already.
    }
    await server.exit;
  }
});
afterAll(async () => {
  await db.$disconnect();
  await database.drop();
  await rm(workDir, { recursive: true, force: true });
});

/** A subscription to the course's video statuses on `server`, and how its socket was closed. */
async function watchedCourse(server: ServerProcess, token: string, courseId: string) {
  const seen: { closeCode?: number } = {};
  const socket = createClient({
    url: `${server.url.replace("http", "ws")}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
    on: { closed: (event) => void (seen.closeCode = (event as { code: number }).code) },
  });
  socket.subscribe({ query: `subscription ($courseId: ID!) { videoStatusChanged(courseId: $courseId) { id } }`, variables: { courseId } }, { next: () => {}, error: () => {}, complete: () => {} });
  await waitUntil("the subscription to run", async () => /^graphql_subscriptions 1$/m.test(await (await fetch(`${server.url}/metrics`)).text()));
  return seen;
}

/** A PUT of `bytes` to a new upload URL, its first half sent: the rest waits for `finish`. */
async function uploadHalfSent(server: ServerProcess, token: string, courseId: string, bytes: number) {
  const api = client(server);
  const created = await api.graphql(CREATE_VIDEO, { input: { courseId, title: "Arriving" } }, { token });
  const input = { videoId: created.data!.createVideo.id, fileName: "arriving.mp4", contentType: "video/mp4", sizeBytes: bytes };
  const upload = (await api.graphql(START_UPLOAD, { input }, { token })).data!.startVideoUpload as StartedUpload;
  const body = Buffer.alloc(bytes, 7);
  const request = http.request(upload.url!, { method: "PUT", headers: { "Content-Type": "video/mp4", "Content-Length": String(bytes) } });
  const answered = new Promise<number>((resolve, reject) => {
    request.once("response", (response) => {
      response.resume();
      resolve(response.statusCode!);
    });
    request.once("error", reject);
  });
  request.write(body.subarray(0, bytes / 2));
  return { answered, finish: () => request.end(body.subarray(bytes / 2)) };
}

it("on SIGTERM: turns unready, finishes the running request, closes sockets for clients to reconnect elsewhere, releases the job, exits 0; after a restart the video becomes READY", async () => {
  const dataDir = await mkdtemp(path.join(workDir, "data-"));
  const holdDir = await mkdtemp(path.join(workDir, "hold-"));
  const env = await serverEnv(dataDir, holdDir);
  const first = await start(env);
  const { videoId, uploadId, owner, courseId } = await videoHeldInProcessing(first, holdDir);
  const subscription = await watchedCourse(first, owner.accessToken, courseId);
  const upload = await uploadHalfSent(first, owner.accessToken, courseId, 4 * 1024 * 1024);
  // Wait for the server to be receiving the body before the signal.
  await new Promise((resolve) => setTimeout(resolve, 300));

  first.kill("SIGTERM");
  await waitUntil("readiness to turn false", async () => {
    const ready = await fetch(`${first.url}/readyz`).then((response) => response.status, () => "refused");
    return ready !== 200;
  });
  upload.finish();
  expect(await upload.answered).toBe(200);
  const { code } = await first.exit;
  // 1001, Going Away: graphql-ws clients reconnect (to another instance behind the proxy).
  expect(subscription.closeCode).toBe(1001);
  expect({ code, stderr: first.stderr() }).toEqual({ code: 0, stderr: "" });
  expect(first.output()).not.toMatch(STACK_FRAME);
  expect(first.output()).toContain('"msg":"stopped"');
  // The held ffmpeg was stopped with its job, which waits for a server to run it again.
  const ffmpegPid = Number(await readFile(path.join(holdDir, "started"), "utf8"));
  expect(() => process.kill(ffmpegPid, 0)).toThrow();
  expect(await processingJobStates(uploadId)).toEqual(["retry"]);
  expect((await db.video.findUniqueOrThrow({ where: { id: videoId } })).status).toBe("PROCESSING");

  await writeFile(path.join(holdDir, "release"), "");
  await start(env);
  await waitUntil("the video to become READY", async () => (await db.video.findUniqueOrThrow({ where: { id: videoId } })).status === "READY", 120_000);
  // pg-boss marks the job completed once its handler has returned, a moment after the video's commit.
  await waitUntil("the processing job to complete", async () => (await processingJobStates(uploadId)).join() === "completed");
  expect(await processingJobStates(uploadId)).toEqual(["completed"]);
});

it("a job left active by a killed server is run again after a restart, and its video becomes READY", async () => {
  const dataDir = await mkdtemp(path.join(workDir, "data-"));
  const holdDir = await mkdtemp(path.join(workDir, "hold-"));
  const env = await serverEnv(dataDir, holdDir);
  const first = await start(env);
  const { videoId, uploadId } = await videoHeldInProcessing(first, holdDir);

  first.kill("SIGKILL");
  await first.exit;
  process.kill(Number(await readFile(path.join(holdDir, "started"), "utf8")), "SIGKILL");
  expect(await processingJobStates(uploadId)).toEqual(["active"]);

  await writeFile(path.join(holdDir, "release"), "");
  await start(env);
  await waitUntil("the video to become READY", async () => (await db.video.findUniqueOrThrow({ where: { id: videoId } })).status === "READY", 150_000);
});

it("a terminal's Ctrl-C to `npm start` with the embedded database exits 0, after the server has stopped in order", async () => {
  const dataDir = await mkdtemp(path.join(workDir, "embedded-"));
  // PostgreSQL, running as its own system user under root, must reach its folder.
  await chmod(workDir, 0o755);
  await chmod(dataDir, 0o755);
  const launcher = await start({ DATABASE_URL: undefined, DATA_DIR: dataDir, EMBEDDED_POSTGRES_PORT: String(await freePort()) }, "npm");

  launcher.kill("SIGINT", "group");
  const { code } = await launcher.exit;
  expect({ code, stderr: launcher.stderr() }).toEqual({ code: 0, stderr: "" });
  expect(launcher.output()).not.toMatch(STACK_FRAME);
  expect(launcher.output()).toContain('"msg":"stopped"');
});
