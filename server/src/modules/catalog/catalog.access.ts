// The catalog module's rows of the authorization matrix (run by test/authorization.test.ts).
// State-changing rows act on a fresh draft course of the matrix's instructor, which other
// people cannot see: for them the course does not exist ("hide").
import { allowOnly, KEYS, TEACHES, type AccessRow, type AccessWorld, type MatrixActor, type Verdict } from "../../../test/support/access-matrix.ts";
import { addCoInstructor, PUBLISH } from "./catalog.fixtures.ts";
import { addReadyVideo } from "../media/media.fixtures.ts";

const CREATE = /* GraphQL */ `mutation ($input: CreateCourseInput!) { createCourse(input: $input) { id } }`;

/** A new draft course of the matrix's instructor; with a READY video when it is to be published. */
export async function draftCourse(world: AccessWorld, options: { ready?: boolean } = {}): Promise<string> {
  const result = await world.server.graphql(
    CREATE,
    { input: { title: "Matrix course", description: "", priceCents: 0 } },
    { token: world.cast.owner.accessToken },
  );
  const id = result.data!.createCourse.id as string;
  if (options.ready) await addReadyVideo(world.server, id);
  return id;
}

/** The course's instructor and admins may; others who may teach see no such course. */
export const courseEditors: Record<MatrixActor, Verdict> = {
  ...allowOnly("owner", "admin", "ownerKey", "adminKey"),
  otherInstructor: "hide",
};
const browsers = allowOnly("anonymous", "student", "owner", "otherInstructor", "admin", ...KEYS);
const draftReaders: Record<MatrixActor, Verdict> = {
  ...allowOnly("owner", "admin", "ownerKey", "readOnlyKey", "adminKey"),
  anonymous: "hide",
  student: "hide",
  otherInstructor: "hide",
};

export const accessRows: AccessRow[] = [
  {
    operation: "Query.course",
    document: `query ($id: ID) { course(id: $id) { id } }`,
    variables: async (world) => ({ id: await draftCourse(world) }),
    verdicts: draftReaders,
  },
  { operation: "Query.courses", document: `query { courses(first: 1) { totalCount } }`, verdicts: browsers },
  { operation: "Query.teachingCourses", document: `query { teachingCourses(first: 1) { totalCount } }`, verdicts: TEACHES },
  {
    operation: "Mutation.createCourse",
    document: CREATE,
    variables: () => ({ input: { title: "Created in the matrix", description: "", priceCents: 0 } }),
    verdicts: TEACHES,
  },
  {
    operation: "Mutation.updateCourse",
    document: `mutation ($id: ID!) { updateCourse(id: $id, input: { subtitle: "Changed" }) { id } }`,
    variables: async (world) => ({ id: await draftCourse(world) }),
    verdicts: courseEditors,
  },
  {
    operation: "Mutation.publishCourse",
    document: PUBLISH,
    variables: async (world) => ({ id: await draftCourse(world, { ready: true }) }),
    verdicts: courseEditors,
  },
  {
    operation: "Mutation.unpublishCourse",
    document: `mutation ($id: ID!) { unpublishCourse(id: $id) { id } }`,
    variables: async (world) => ({ id: await draftCourse(world) }),
    verdicts: courseEditors,
  },
  {
    operation: "Mutation.archiveCourse",
    document: `mutation ($id: ID!) { archiveCourse(id: $id) { id } }`,
    variables: async (world) => ({ id: await draftCourse(world) }),
    verdicts: courseEditors,
  },
  {
    operation: "Mutation.deleteCourse",
    document: `mutation ($id: ID!) { deleteCourse(id: $id) }`,
    variables: async (world) => ({ id: await draftCourse(world) }),
    verdicts: courseEditors,
  },
  {
    operation: "Mutation.addCourseInstructor",
    document: `mutation ($courseId: ID!, $userId: ID!) { addCourseInstructor(courseId: $courseId, userId: $userId) { id } }`,
    variables: async (world) => ({ courseId: await draftCourse(world), userId: (await world.newAccount("INSTRUCTOR")).id }),
    verdicts: courseEditors,
  },
  {
    operation: "Mutation.startCourseCoverUpload",
    document: `mutation ($courseId: ID!) { startCourseCoverUpload(courseId: $courseId, input: { contentType: "image/png", sizeBytes: 1000 }) { uploadId url } }`,
    variables: async (world) => ({ courseId: await draftCourse(world) }),
    verdicts: courseEditors,
  },
  {
    // Nothing was uploaded: the course's editors are told so (an allowed answer), the others are refused first.
    operation: "Mutation.completeCourseCoverUpload",
    document: `mutation ($courseId: ID!) { completeCourseCoverUpload(courseId: $courseId, uploadId: "0190f5e2-7b4a-7c3e-9a1d-2f6b8c9d0e1f.png") { id } }`,
    variables: async (world) => ({ courseId: await draftCourse(world) }),
    verdicts: courseEditors,
  },
  {
    operation: "Mutation.removeCourseCover",
    document: `mutation ($courseId: ID!) { removeCourseCover(courseId: $courseId) { id } }`,
    variables: async (world) => ({ courseId: await draftCourse(world) }),
    verdicts: courseEditors,
  },
  {
    operation: "Mutation.transferCourseOwnership",
    document: `mutation ($courseId: ID!, $newOwnerId: ID!) { transferCourseOwnership(courseId: $courseId, newOwnerId: $newOwnerId) { id } }`,
    variables: async (world) => ({ courseId: await draftCourse(world), newOwnerId: (await world.newAccount("INSTRUCTOR")).id }),
    verdicts: allowOnly("admin", "adminKey"),
  },
  {
    operation: "Mutation.removeCourseInstructor",
    document: `mutation ($courseId: ID!, $userId: ID!) { removeCourseInstructor(courseId: $courseId, userId: $userId) { id } }`,
    variables: async (world) => {
      const courseId = await draftCourse(world);
      const coInstructor = await world.newAccount("INSTRUCTOR");
      await addCoInstructor(world.server, world.cast.owner.accessToken, courseId, coInstructor.id);
      return { courseId, userId: coInstructor.id };
    },
    verdicts: courseEditors,
  },
];
