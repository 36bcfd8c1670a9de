import { CourseEditorDocument } from "../../gql/graphql";

/**
 * For mutations that add or remove sections or videos: their results do not
 * say where the change sits in the course, so the editor reloads the course.
 */
export function refetchingCourseEditor(courseId: string) {
  return {
    errorPolicy: "all" as const,
    refetchQueries: [{ query: CourseEditorDocument, variables: { id: courseId } }],
    awaitRefetchQueries: true,
  };
}
