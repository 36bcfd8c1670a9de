// The tutor's rows of the authorization matrix (run by test/authorization.test.ts). People in their
// own sessions only; of them, the course's owner and admins may ask about the owner's course (the
// matrix's student and other instructor are not enrolled); a thread is its author's (the student's) only.
// The course's usage and cost: its owner and admins, in person or through a key with analytics:read.
import { allowOnly, PEOPLE, type AccessRow, type AccessWorld } from "../../../test/support/access-matrix.ts";
import { databaseId } from "../../../test/support/ids.ts";
import { waitUntil } from "../../../test/support/wait.ts";
import { enrollAs } from "../learning/learning.fixtures.ts";
import { COURSE_USAGE } from "./course-tutor-usage.fixtures.ts";
import { ANSWER_STREAM, ASK, courseWithTranscript, CREATE_THREAD, THREAD, THREADS, USAGE } from "./tutor.fixtures.ts";

/** One course with a transcript per matrix run, and a thread of its enrolled student. */
const worlds = new WeakMap<AccessWorld, Promise<{ courseId: string; threadId: string }>>();
function tutorWorld(world: AccessWorld) {
  let arranged = worlds.get(world);
  if (!arranged) {
    arranged = (async () => {
      const { courseId, videoId } = await courseWithTranscript(world.server, world.cast.owner.accessToken, ["Generics keep the type of an argument."]);
      // Indexed by a listener after the commit: settled before the matrix compares the database around a mutation.
      await waitUntil("the transcript indexed", async () => (await world.server.db.tutorIndexedVideo.count({ where: { videoId: databaseId(videoId) } })) === 1);
      await enrollAs(world.server, world.cast.student.accessToken, courseId);
      const created = await world.server.graphql(CREATE_THREAD, { courseId }, { token: world.cast.student.accessToken });
      return { courseId, threadId: created.data!.createTutorThread.id as string };
    })();
    worlds.set(world, arranged);
  }
  return arranged;
}

/** The thread's author alone sees it; other people get null; keys and anonymous are refused. */
const authorOnly = { ...allowOnly("student"), owner: "hide", otherInstructor: "hide", admin: "hide" } as const;

export const accessRows: AccessRow[] = [
  {
    operation: "Query.tutorThreads",
    document: THREADS,
    variables: async (world) => ({ courseId: (await tutorWorld(world)).courseId }),
    verdicts: allowOnly("student", "owner", "admin"),
  },
  { operation: "Query.tutorThread", document: THREAD, variables: async (world) => ({ id: (await tutorWorld(world)).threadId }), verdicts: authorOnly },
  { operation: "Query.tutorUsage", document: USAGE, verdicts: allowOnly(...PEOPLE) },
  {
    // The student is the course's enrolled learner: refused like the other instructor.
    operation: "Query.courseTutorUsage",
    document: COURSE_USAGE,
    variables: async (world) => ({ courseId: (await tutorWorld(world)).courseId }),
    verdicts: allowOnly("owner", "admin", "ownerKey", "adminKey"),
  },
  {
    operation: "Mutation.createTutorThread",
    document: CREATE_THREAD,
    variables: async (world) => ({ courseId: (await tutorWorld(world)).courseId }),
    verdicts: allowOnly("student", "owner", "admin"),
  },
  {
    operation: "Mutation.askTutor",
    document: ASK,
    variables: async (world) => ({ input: { courseId: (await tutorWorld(world)).courseId, question: "What do generics keep?" } }),
    verdicts: allowOnly("student", "owner", "admin"),
  },
  {
    // Over HTTP: the author is told to subscribe over WebSocket (tutor.test.ts subscribes); others are refused.
    operation: "Subscription.tutorAnswerStream",
    document: ANSWER_STREAM,
    variables: async (world) => ({ threadId: (await tutorWorld(world)).threadId }),
    verdicts: authorOnly,
  },
];
