// The catalog module's factories for tests: courses and their instructors, made through the
// public API. A published course needs a READY video, which is media's: see media.fixtures.ts.
import type { TestServer } from "../../../test/support/test-server.ts";

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

const REMOVE_INSTRUCTOR = /* GraphQL */ `
  mutation Remove($courseId: ID!, $userId: ID!) { removeCourseInstructor(courseId: $courseId, userId: $userId) { id } }
`;

export async function removeCoInstructor(server: TestServer, token: string, courseId: string, userId: string) {
  const result = await server.graphql(REMOVE_INSTRUCTOR, { courseId, userId }, { token });
  if (!result.data?.removeCourseInstructor) throw new Error(`removeCourseInstructor failed: ${JSON.stringify(result.errors)}`);
}

/** Publishes a course that meets the preconditions (a READY video: media's `publishedCourse` arranges one). */
export async function publishCourse(server: TestServer, token: string, courseId: string) {
  const result = await server.graphql(PUBLISH, { id: courseId }, { token });
  if (result.data?.publishCourse?.status !== "PUBLISHED") throw new Error(`publish failed: ${JSON.stringify(result.errors)}`);
}
