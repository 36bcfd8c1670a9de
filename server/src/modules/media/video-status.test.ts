// videoStatusChanged over graphql-ws: the course's instructors and admins get every status change;
// anyone else is refused when subscribing and never receives an event.
import { startTestServer, type TestServer, UNTHROTTLED } from "../../../test/support/test-server.ts";
import { createCourse, PUBLISH, removeCoInstructor } from "../catalog/catalog.fixtures.ts";
import { databaseId } from "../../../test/support/ids.ts";
import { type Cast, signUpCast } from "../identity/identity.fixtures.ts";
import { ABORT_UPLOAD, CREATE_VIDEO, START_UPLOAD, watchStatuses } from "./media.fixtures.ts";

let server: TestServer;
let cast: Cast;
beforeAll(async () => {
  server = await startTestServer(UNTHROTTLED);
  cast = await signUpCast(server);
});
afterAll(() => server.close());

async function courseWithVideo(options: { published?: boolean } = {}) {
  const token = cast.owner.accessToken;
  const course = await createCourse(server, token);
  const videoId = (await server.graphql(CREATE_VIDEO, { input: { courseId: course.id, title: "Lesson" } }, { token })).data!.createVideo.id as string;
  if (options.published) {
    await server.db.video.create({ data: { courseId: databaseId(course.id), title: "Ready", position: 1, status: "READY" } });
    await server.graphql(PUBLISH, { id: course.id }, { token });
  }
  return { courseId: course.id, videoId };
}

/** Starts and aborts an upload as the owner: two status changes, UPLOADING then DRAFT. */
async function changeStatusTwice(videoId: string) {
  const input = { videoId, fileName: "a.mp4", contentType: "video/mp4", sizeBytes: 1000 };
  const started = await server.graphql(START_UPLOAD, { input }, { token: cast.owner.accessToken });
  await server.graphql(ABORT_UPLOAD, { uploadId: started.data!.startVideoUpload.id }, { token: cast.owner.accessToken });
}

it("sends the course's instructors and admins every status change of its videos, after it is committed", async () => {
  const { courseId, videoId } = await courseWithVideo();
  const owner = await watchStatuses(server.subscriptionClient(cast.owner.accessToken), courseId);
  const admin = await watchStatuses(server.subscriptionClient(cast.admin.accessToken), courseId);
  // An event names the video and its answer reads the row then: the abort waits for the start's
  // announcement, so that each change is read before the next one commits.
  const input = { videoId, fileName: "a.mp4", contentType: "video/mp4", sizeBytes: 1000 };
  const started = await server.graphql(START_UPLOAD, { input }, { token: cast.owner.accessToken });
  for (const watch of [owner, admin]) await watch.until((w) => w.events.length === 1);
  await server.graphql(ABORT_UPLOAD, { uploadId: started.data!.startVideoUpload.id }, { token: cast.owner.accessToken });
  for (const watch of [owner, admin]) {
    await watch.until((w) => w.events.length === 2);
    expect(watch.events.map((event) => [event.id, event.status])).toEqual([[videoId, "UPLOADING"], [videoId, "DRAFT"]]);
    expect(watch.errors).toEqual([]);
  }
});

it("refuses students, other instructors and anonymous subscribers, who never get an event", async () => {
  const { courseId, videoId } = await courseWithVideo({ published: true });
  const { courseId: draftId, videoId: draftVideo } = await courseWithVideo();
  const owner = await watchStatuses(server.subscriptionClient(cast.owner.accessToken), courseId);
  const refused = [
    [await watchStatuses(server.subscriptionClient(cast.student.accessToken), courseId), "FORBIDDEN"],
    [await watchStatuses(server.subscriptionClient(cast.otherInstructor.accessToken), courseId), "FORBIDDEN"],
    [await watchStatuses(server.subscriptionClient(cast.otherInstructor.accessToken), draftId), "NOT_FOUND"],
    [await watchStatuses(server.subscriptionClient(), courseId), "UNAUTHENTICATED"],
  ] as const;
  await changeStatusTwice(videoId);
  await changeStatusTwice(draftVideo);
  await owner.until((w) => w.events.length === 2);
  // Events to the refused would have arrived by now: the owner's came over the same bus.
  await new Promise((resolve) => setTimeout(resolve, 200));
  for (const [watch, code] of refused) {
    expect(watch.events).toEqual([]);
    expect(watch.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code }) })]);
  }
});

it("stops sending events to an instructor removed from the course meanwhile", async () => {
  const { courseId, videoId } = await courseWithVideo();
  await server.graphql(
    `mutation ($courseId: ID!, $userId: ID!) { addCourseInstructor(courseId: $courseId, userId: $userId) { id } }`,
    { courseId, userId: cast.coInstructor.id },
    { token: cast.owner.accessToken },
  );
  const coInstructor = await watchStatuses(server.subscriptionClient(cast.coInstructor.accessToken), courseId);
  const owner = await watchStatuses(server.subscriptionClient(cast.owner.accessToken), courseId);
  await removeCoInstructor(server, cast.owner.accessToken, courseId, cast.coInstructor.id);
  await changeStatusTwice(videoId);
  await owner.until((w) => w.events.length === 2);
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(coInstructor.events).toEqual([]);
});
