// The notes module's rows of the authorization matrix (run by test/authorization.test.ts). People
// in their own sessions only; of them, the course's enrolled learner (the student) and its team
// (the owner, admins) may keep notes in it; the other instructor is not enrolled. A note is its
// author's (the student's) alone: everyone else is answered NOT_FOUND, as if it did not exist.
import type { AccessRow, AccessWorld } from "../../../test/support/access-matrix.ts";
import { allowOnly } from "../../../test/support/access-matrix.ts";
import { courseToLearn, enrollAs } from "../learning/learning.fixtures.ts";
import { createNoteAs, CREATE_NOTE, DELETE_NOTE, UPDATE_NOTE } from "./notes.fixtures.ts";

/** One course per matrix run with a 60-second video, the student enrolled in it. */
const worlds = new WeakMap<AccessWorld, Promise<{ courseId: string; videoId: string }>>();
function notesWorld(world: AccessWorld) {
  let arranged = worlds.get(world);
  if (!arranged) {
    arranged = (async () => {
      const { courseId, videoIds } = await courseToLearn(world.server, world.cast.owner.accessToken, [60]);
      await enrollAs(world.server, world.cast.student.accessToken, courseId);
      return { courseId, videoId: videoIds[0] };
    })();
    worlds.set(world, arranged);
  }
  return arranged;
}

/** A fresh note of the student's for each call, so a deletion never meets one already gone. */
async function studentNote(world: AccessWorld) {
  const { videoId } = await notesWorld(world);
  return createNoteAs(world.server, world.cast.student.accessToken, { videoId, positionSeconds: 12, text: "The student's own words." });
}

const authorOnly = { ...allowOnly("student"), owner: "hide", otherInstructor: "hide", admin: "hide" } as const;

export const accessRows: AccessRow[] = [
  {
    operation: "Mutation.createVideoNote",
    document: CREATE_NOTE,
    variables: async (world) => ({ input: { videoId: (await notesWorld(world)).videoId, positionSeconds: 3, kind: "BOOKMARK", text: "" } }),
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
