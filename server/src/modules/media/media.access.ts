// The media module's rows of the authorization matrix (run by test/authorization.test.ts).
// Every row acts on a fresh draft course of the matrix's instructor (see catalog.access.ts).
import type { AccessRow, AccessWorld, MatrixActor, Verdict } from "../../../test/support/access-matrix.ts";
import { courseEditors, draftCourse } from "../catalog/catalog.access.ts";

const CREATE_SECTION = /* GraphQL */ `mutation ($courseId: ID!) { createSection(courseId: $courseId, input: { title: "Part" }) { id } }`;
const CREATE_VIDEO = /* GraphQL */ `mutation ($courseId: ID!) { createVideo(input: { courseId: $courseId, title: "Clip" }) { id } }`;

async function asInstructor(world: AccessWorld, document: string, variables: Record<string, unknown>) {
  const result = await world.server.graphql(document, variables, { token: world.cast.owner.accessToken });
  return Object.values(result.data!)[0] as { id: string };
}

async function courseWithSection(world: AccessWorld) {
  const courseId = await draftCourse(world);
  return { courseId, sectionId: (await asInstructor(world, CREATE_SECTION, { courseId })).id };
}

async function courseWithVideo(world: AccessWorld) {
  const courseId = await draftCourse(world);
  return { courseId, videoId: (await asInstructor(world, CREATE_VIDEO, { courseId })).id };
}

const START_UPLOAD = /* GraphQL */ `
  mutation ($input: StartVideoUploadInput!) { startVideoUpload(input: $input) { id } }
`;

/** A pending upload of a one-megabyte MP4, started by the course's instructor. */
async function pendingUpload(world: AccessWorld) {
  const { videoId } = await courseWithVideo(world);
  const input = { videoId, fileName: "clip.mp4", contentType: "video/mp4", sizeBytes: 1_000_000 };
  return { uploadId: (await asInstructor(world, START_UPLOAD, { input })).id };
}

const CREATE_RESOURCE_UPLOAD = /* GraphQL */ `
  mutation ($input: CreateVideoResourceUploadInput!) { createVideoResourceUpload(input: $input) { id url } }
`;
const resourceInput = (videoId: string) => ({ videoId, fileName: "slides.pdf", contentType: "application/pdf", byteSize: 1000 });

/** A resource of a fresh video, its file not uploaded yet, created by the course's instructor. */
async function pendingResource(world: AccessWorld) {
  const { videoId } = await courseWithVideo(world);
  return { id: (await asInstructor(world, CREATE_RESOURCE_UPLOAD, { input: resourceInput(videoId) })).id };
}

const draftReaders: Record<MatrixActor, Verdict> = { ...courseEditors, readOnlyKey: "allow", anonymous: "hide", student: "hide" };

export const accessRows: AccessRow[] = [
  {
    operation: "Query.video",
    document: `query ($id: ID!) { video(id: $id) { id } }`,
    variables: async (world) => ({ id: (await courseWithVideo(world)).videoId }),
    verdicts: draftReaders,
  },
  {
    operation: "Mutation.createSection",
    document: CREATE_SECTION,
    variables: async (world) => ({ courseId: await draftCourse(world) }),
    verdicts: courseEditors,
  },
  {
    operation: "Mutation.updateSection",
    document: `mutation ($id: ID!) { updateSection(id: $id, input: { title: "Renamed" }) { id } }`,
    variables: async (world) => ({ id: (await courseWithSection(world)).sectionId }),
    verdicts: courseEditors,
  },
  {
    operation: "Mutation.deleteSection",
    document: `mutation ($id: ID!) { deleteSection(id: $id) }`,
    variables: async (world) => ({ id: (await courseWithSection(world)).sectionId }),
    verdicts: courseEditors,
  },
  {
    operation: "Mutation.reorderSections",
    document: `mutation ($courseId: ID!, $ids: [ID!]!) { reorderSections(courseId: $courseId, sectionIds: $ids) { id } }`,
    variables: async (world) => {
      const { courseId, sectionId } = await courseWithSection(world);
      return { courseId, ids: [sectionId] };
    },
    verdicts: courseEditors,
  },
  {
    operation: "Mutation.createVideo",
    document: CREATE_VIDEO,
    variables: async (world) => ({ courseId: await draftCourse(world) }),
    verdicts: courseEditors,
  },
  {
    operation: "Mutation.updateVideo",
    document: `mutation ($id: ID!) { updateVideo(id: $id, input: { title: "Renamed" }) { id } }`,
    variables: async (world) => ({ id: (await courseWithVideo(world)).videoId }),
    verdicts: courseEditors,
  },
  {
    operation: "Mutation.deleteVideo",
    document: `mutation ($id: ID!) { deleteVideo(id: $id) }`,
    variables: async (world) => ({ id: (await courseWithVideo(world)).videoId }),
    verdicts: courseEditors,
  },
  {
    operation: "Mutation.reorderVideos",
    document: `mutation ($courseId: ID!, $ids: [ID!]!) { reorderVideos(courseId: $courseId, videoIds: $ids) { id } }`,
    variables: async (world) => {
      const { courseId, videoId } = await courseWithVideo(world);
      return { courseId, ids: [videoId] };
    },
    verdicts: courseEditors,
  },
  {
    operation: "Mutation.startVideoUpload",
    document: START_UPLOAD,
    variables: async (world) => {
      const { videoId } = await courseWithVideo(world);
      return { input: { videoId, fileName: "clip.mp4", contentType: "video/mp4", sizeBytes: 1_000_000 } };
    },
    verdicts: courseEditors,
  },
  {
    // Allowed callers get BAD_USER_INPUT: nothing was uploaded.
    operation: "Mutation.completeVideoUpload",
    document: `mutation ($uploadId: ID!) { completeVideoUpload(uploadId: $uploadId) { id } }`,
    variables: pendingUpload,
    verdicts: courseEditors,
  },
  {
    operation: "Mutation.abortVideoUpload",
    document: `mutation ($uploadId: ID!) { abortVideoUpload(uploadId: $uploadId) { id } }`,
    variables: pendingUpload,
    verdicts: courseEditors,
  },
  {
    operation: "Mutation.createVideoResourceUpload",
    document: CREATE_RESOURCE_UPLOAD,
    variables: async (world) => ({ input: resourceInput((await courseWithVideo(world)).videoId) }),
    verdicts: courseEditors,
  },
  {
    // Allowed callers get BAD_USER_INPUT: nothing was uploaded.
    operation: "Mutation.completeVideoResourceUpload",
    document: `mutation ($id: ID!) { completeVideoResourceUpload(id: $id) { id } }`,
    variables: pendingResource,
    verdicts: courseEditors,
  },
  {
    operation: "Mutation.renameVideoResource",
    document: `mutation ($id: ID!) { renameVideoResource(id: $id, fileName: "Week 1.pdf") { id fileName } }`,
    variables: pendingResource,
    verdicts: courseEditors,
  },
  {
    operation: "Mutation.deleteVideoResource",
    document: `mutation ($id: ID!) { deleteVideoResource(id: $id) }`,
    variables: pendingResource,
    verdicts: courseEditors,
  },
  {
    operation: "Mutation.reorderVideoResources",
    document: `mutation ($videoId: ID!) { reorderVideoResources(videoId: $videoId, resourceIds: []) { id } }`,
    variables: async (world) => ({ videoId: (await courseWithVideo(world)).videoId }),
    verdicts: courseEditors,
  },
  {
    // Over HTTP: refused, hidden, or told to subscribe over WebSocket (video-status.test.ts subscribes).
    operation: "Subscription.videoStatusChanged",
    document: `subscription ($courseId: ID!) { videoStatusChanged(courseId: $courseId) { id status } }`,
    variables: async (world) => ({ courseId: await draftCourse(world) }),
    verdicts: courseEditors,
  },
];
