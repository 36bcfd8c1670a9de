// The notes module's rows of the authorization matrix (run by test/authorization.test.ts). People
// in their own sessions only; of them, the course's enrolled learner (the student) and its team
// (the owner, admins) may keep notes in it; the other instructor is not enrolled. A note is its
// author's (the student's) alone: everyone else is answered NOT_FOUND, as if it did not exist.
import type { AccessRow, AccessWorld } from "../../../test/support/access-matrix.ts";
import { allowOnly } from "../../../test/support/access-matrix.ts";
import { courseOfEnrolledStudent } from "../learning/learning.fixtures.ts";
import { createNoteAs, CREATE_NOTE, DELETE_NOTE, UPDATE_NOTE } from "./notes.fixtures.ts";

/** A fresh note of the student's for each call, so a deletion never meets one already gone. */
async function studentNote(world: AccessWorld) {
  const { videoId } = await courseOfEnrolledStudent(world);
  return createNoteAs(world.server, world.cast.student.accessToken, { videoId, positionSeconds: 12, text: "The student's own words." });
}

const authorOnly = { ...allowOnly("student"), owner: "hide", otherInstructor: "hide", admin: "hide" } as const;

export const accessRows: AccessRow[] = [
  {
    operation: "Mutation.createVideoNote",
    document: CREATE_NOTE,
    variables: async (world) => ({ input: { videoId: (await courseOfEnrolledStudent(world)).videoId, positionSeconds: 3, kind: "BOOKMARK", text: "" } }),
    verdicts: allowOnly("student", "owner", "admin"),
  },
  {
    operation: "Mutation.updateVideoNote",
    document: UPDATE_NOTE,
    variables: async (world) => ({ input: { id: (await studentNote(world)).id, text: "Changed." } }),
    verdicts: authorOnly,
  },
  {
    operation: "Mutation.deleteVideoNote",
    document: DELETE_NOTE,
    variables: async (world) => ({ id: (await studentNote(world)).id }),
    verdicts: authorOnly,
  },
];
