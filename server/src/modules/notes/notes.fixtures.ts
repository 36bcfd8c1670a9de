// The notes module's factories for tests: its operations, and a note made through the API.
import type { TestServer } from "../../../test/support/test-server.ts";

export const NOTE_FIELDS = /* GraphQL */ `id kind positionSeconds text createdAt updatedAt video { id }`;
export const CREATE_NOTE = /* GraphQL */ `mutation ($input: CreateVideoNoteInput!) { createVideoNote(input: $input) { ${NOTE_FIELDS} } }`;
export const UPDATE_NOTE = /* GraphQL */ `mutation ($input: UpdateVideoNoteInput!) { updateVideoNote(input: $input) { ${NOTE_FIELDS} } }`;
export const DELETE_NOTE = /* GraphQL */ `mutation ($id: ID!) { deleteVideoNote(id: $id) }`;
export const COURSE_NOTES = /* GraphQL */ `
  query ($courseId: ID!, $first: Int, $after: String, $videoId: ID) {
    course(id: $courseId) {
      id
      viewerNotes(first: $first, after: $after, videoId: $videoId) {
        totalCount
        pageInfo { hasNextPage endCursor }
        nodes { ${NOTE_FIELDS} video { id title durationSeconds } }
      }
    }
  }
`;

export interface NoteInput {
  videoId: string;
  positionSeconds: number;
  kind?: "NOTE" | "BOOKMARK";
  text?: string;
}

/** A note of the token's person, through the API; answers the note as createVideoNote does. */
export async function createNoteAs(server: TestServer, token: string, input: NoteInput) {
  const result = await server.graphql(CREATE_NOTE, { input: { kind: "NOTE", text: "A note.", ...input } }, { token });
  if (!result.data?.createVideoNote) throw new Error(`createVideoNote failed: ${JSON.stringify(result.errors)}`);
  return result.data.createVideoNote as Record<string, any> & { id: string };
}
