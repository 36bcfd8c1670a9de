// Courses for tests, made through the public API; a READY video is arranged in the database
// directly until uploads exist.
import { signUp, type TestAccount } from "../../../test/support/accounts.ts";
import type { TestServer } from "../../../test/support/test-server.ts";
import { decodeGlobalId } from "../../platform/ids.ts";

export const COURSE_FIELDS = /* GraphQL */ `
  id slug title subtitle description status priceCents currency isFree tags thumbnailUrl publishedAt viewerCanEdit
  owner { id } instructors { id }
`;

export const CREATE_COURSE = /* GraphQL */ `
  mutation CreateCourse($input: CreateCourseInput!) { createCourse(input: $input) { ${COURSE_FIELDS} } }
`;
export const UPDATE_COURSE = /* GraphQL */ `
  mutation UpdateCourse($id: ID!, $input: UpdateCourseInput!) { updateCourse(id: $id, input: $input) { ${COURSE_FIELDS} } }
`;
export const COURSE = /* GraphQL */ `
  query Course($id: ID, $slug: String) { course(id: $id, slug: $slug) { ${COURSE_FIELDS} } }
`;
export const PUBLISH = /* GraphQL */ `mutation Publish($id: ID!) { publishCourse(id: $id) { id status publishedAt } }`;
export const ADD_INSTRUCTOR = /* GraphQL */ `
  mutation Add($courseId: ID!, $userId: ID!) { addCourseInstructor(courseId: $courseId, userId: $userId) { id instructors { id } } }
`;

export interface Cast {
  owner: TestAccount;
  coInstructor: TestAccount;
  otherInstructor: TestAccount;
  student: TestAccount;
  admin: TestAccount;
}

/** Everyone the access rules speak of; anonymous is the absence of a token. */
export async function signUpCast(server: TestServer): Promise<Cast> {
  const [owner, coInstructor, otherInstructor, student, admin] = await Promise.all([
    signUp(server, { role: "INSTRUCTOR", displayName: "Owner" }),
    signUp(server, { role: "INSTRUCTOR", displayName: "Co" }),
    signUp(server, { role: "INSTRUCTOR", displayName: "Other" }),
    signUp(server, { displayName: "Student" }),
    signUp(server, { role: "ADMIN", displayName: "Admin" }),
  ]);
  return { owner, coInstructor, otherInstructor, student, admin };
}

export async function createCourse(server: TestServer, token: string, input: Record<string, unknown> = {}) {
  const result = await server.graphql(CREATE_COURSE, {
    input: { title: "Intro to testing", description: "All about tests.", priceCents: 0, ...input },
  }, { token });
  if (!result.data?.createCourse) throw new Error(`createCourse failed: ${JSON.stringify(result.errors)}`);
  return result.data.createCourse as { id: string; slug: string; [field: string]: unknown };
}

export async function addCoInstructor(server: TestServer, token: string, courseId: string, userId: string) {
  const result = await server.graphql(ADD_INSTRUCTOR, { courseId, userId }, { token });
  if (!result.data?.addCourseInstructor) throw new Error(`addCourseInstructor failed: ${JSON.stringify(result.errors)}`);
}

export const databaseId = (globalId: string) => decodeGlobalId(globalId)!.id;

/** Stands in for a finished upload: a READY video with a duration. */
export async function addReadyVideo(server: TestServer, courseId: string, durationSeconds = 60) {
  const id = databaseId(courseId);
  const position = await server.db.video.count({ where: { courseId: id, sectionId: null } });
  return server.db.video.create({
    data: { courseId: id, title: `Ready video ${position + 1}`, position, status: "READY", durationSeconds },
  });
}

/** A published course with one ready video. */
export async function publishedCourse(server: TestServer, token: string, input: Record<string, unknown> = {}) {
  const course = await createCourse(server, token, input);
  await addReadyVideo(server, course.id);
  const result = await server.graphql(PUBLISH, { id: course.id }, { token });
  if (result.data?.publishCourse?.status !== "PUBLISHED") throw new Error(`publish failed: ${JSON.stringify(result.errors)}`);
  return course;
}
