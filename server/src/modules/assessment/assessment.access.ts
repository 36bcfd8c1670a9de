// The assessment module's rows of the authorization matrix (run by test/authorization.test.ts), on
// a published course of the owner's with the student enrolled. The team (owner, admins, in person
// or with a key that teaches) writes quizzes; the other instructor is refused the course's. The
// enrolled student takes them, the team previews them, in their own sessions only; an attempt is
// its taker's alone: anyone else is answered NOT_FOUND, as if it did not exist.
import type { AccessRow, AccessWorld, MatrixActor, Verdict } from "../../../test/support/access-matrix.ts";
import { allowOnly } from "../../../test/support/access-matrix.ts";
import { enrollAs } from "../learning/learning.fixtures.ts";
import { courseWithSection, createQuizAs, CREATE_QUIZ, DELETE_QUIZ, sampleQuestions, START_ATTEMPT, startAttemptAs, SUBMIT_ATTEMPT, UPDATE_QUIZ } from "./assessment.fixtures.ts";

const worlds = new WeakMap<AccessWorld, Promise<{ courseId: string; sectionId: string; quizId: string }>>();
function quizWorld(world: AccessWorld) {
  let arranged = worlds.get(world);
  if (!arranged) {
    arranged = (async () => {
      const course = await courseWithSection(world.server, world.cast.owner.accessToken);
      await enrollAs(world.server, world.cast.student.accessToken, course.courseId);
      const quiz = await createQuizAs(world.server, world.cast.owner.accessToken, { sectionId: course.sectionId });
      return { ...course, quizId: quiz.id };
    })();
    worlds.set(world, arranged);
  }
  return arranged;
}

/** A fresh quiz for a call that changes or deletes one. */
async function freshQuiz(world: AccessWorld) {
  const { sectionId } = await quizWorld(world);
  return createQuizAs(world.server, world.cast.owner.accessToken, { sectionId });
}

const team: Record<MatrixActor, Verdict> = allowOnly("owner", "admin", "ownerKey", "adminKey");
const takers: Record<MatrixActor, Verdict> = allowOnly("student", "owner", "admin");
const takerOnly: Record<MatrixActor, Verdict> = { ...allowOnly("student"), owner: "hide", otherInstructor: "hide", admin: "hide" };

export const accessRows: AccessRow[] = [
  {
    operation: "Mutation.createQuiz",
    document: CREATE_QUIZ,
    variables: async (world) => ({ input: { sectionId: (await quizWorld(world)).sectionId, title: "Matrix quiz", passPercent: 50, questions: sampleQuestions() } }),
    verdicts: team,
  },
  {
    operation: "Mutation.updateQuiz",
    document: UPDATE_QUIZ,
    variables: async (world) => ({ input: { id: (await freshQuiz(world)).id, title: "Renamed", passPercent: 70 } }),
    verdicts: team,
  },
  {
    operation: "Mutation.deleteQuiz",
    document: DELETE_QUIZ,
    variables: async (world) => ({ id: (await freshQuiz(world)).id }),
    verdicts: team,
  },
  {
    operation: "Mutation.startQuizAttempt",
    document: START_ATTEMPT,
    variables: async (world) => ({ quizId: (await quizWorld(world)).quizId }),
    verdicts: takers,
  },
  {
    operation: "Mutation.submitQuizAttempt",
    document: SUBMIT_ATTEMPT,
    // The student's open attempt (a new one once the last was submitted: the quiz has no limit).
    variables: async (world) => ({ input: { attemptId: (await startAttemptAs(world.server, world.cast.student.accessToken, (await quizWorld(world)).quizId)).id, answers: [] } }),
    verdicts: takerOnly,
  },
];
