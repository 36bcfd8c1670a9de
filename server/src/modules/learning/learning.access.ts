// The learning module's rows of the authorization matrix (run by test/authorization.test.ts).
// Rows act on a fresh published free course of the matrix's owner, with one playable video.
import { allowOnly, PEOPLE, type AccessRow, type AccessWorld, type MatrixActor } from "../../../test/support/access-matrix.ts";
import { personOf } from "../identity/identity.fixtures.ts";
import { completeCourse, courseToLearn, enrollAs, ENROLL, GRANT, RECORD, REVOKE } from "./learning.fixtures.ts";

const courseOfInstructor = (world: AccessWorld) => courseToLearn(world.server, world.cast.owner.accessToken, [30]);

/** One learner's certificate per matrix run (reading it changes nothing): its code. */
const certificateCodes = new WeakMap<AccessWorld, Promise<string>>();
function certificateCode(world: AccessWorld): Promise<string> {
  let code = certificateCodes.get(world);
  if (!code) {
    code = (async () => {
      const course = await courseToLearn(world.server, world.cast.owner.accessToken, [3]);
      const learner = await world.newAccount();
      return (await completeCourse(world.server, learner.accessToken, course, [3])).code as string;
    })();
    certificateCodes.set(world, code);
  }
  return code;
}

/** The course's owner and admins, in person or through a key with the scope. */
const ownerAndAdmins = allowOnly("owner", "admin", "ownerKey", "adminKey");
const signedInWithScope = allowOnly(...PEOPLE, "ownerKey", "adminKey");

export const accessRows: AccessRow[] = [
  {
    // Public, anonymous included; a key needs enrollments:read like the other learning reads.
    operation: "Query.certificate",
    document: `query ($code: String!) { certificate(code: $code) { code recipientName status credential } }`,
    variables: async (world) => ({ code: await certificateCode(world) }),
    verdicts: allowOnly("anonymous", ...PEOPLE, "ownerKey", "adminKey"),
  },
  { operation: "Query.myEnrollments", document: `query { myEnrollments(first: 1) { totalCount } }`, verdicts: signedInWithScope },
  {
    operation: "Query.courseStudents",
    document: `query ($courseId: ID!) { courseStudents(courseId: $courseId) { totalCount nodes { progress { percent } } } }`,
    variables: async (world) => ({ courseId: (await courseOfInstructor(world)).courseId }),
    verdicts: ownerAndAdmins,
  },
  {
    operation: "Mutation.enroll",
    document: ENROLL,
    variables: async (world) => ({ courseId: (await courseOfInstructor(world)).courseId }),
    verdicts: signedInWithScope,
  },
  {
    operation: "Mutation.grantEnrollment",
    document: GRANT,
    variables: async (world) => ({ courseId: (await courseOfInstructor(world)).courseId, userId: (await world.newAccount()).id }),
    verdicts: ownerAndAdmins,
  },
  {
    operation: "Mutation.revokeEnrollment",
    document: REVOKE,
    variables: async (world) => {
      const learner = await world.newAccount();
      return { enrollmentId: await enrollAs(world.server, learner.accessToken, (await courseOfInstructor(world)).courseId) };
    },
    verdicts: allowOnly("admin", "adminKey"),
  },
  {
    // Each person enrolls first (an API key's owner too): the verdict is about the key, not the enrollment.
    operation: "Mutation.recordProgress",
    document: RECORD,
    variables: async (world, actor: MatrixActor) => {
      const { courseId, videoIds } = await courseOfInstructor(world);
      const person = personOf(actor);
      if (person) await enrollAs(world.server, world.cast[person].accessToken, courseId);
      return { input: { videoId: videoIds[0], positionSeconds: 5, watchedRanges: [{ startSeconds: 0, endSeconds: 5 }] } };
    },
    verdicts: allowOnly(...PEOPLE),
  },
  {
    // Over HTTP: refused, or told to subscribe over WebSocket (progress.test.ts subscribes).
    operation: "Subscription.myProgressUpdated",
    document: `subscription { myProgressUpdated { percent } }`,
    verdicts: signedInWithScope,
  },
  {
    operation: "Subscription.courseProgressFeed",
    document: `subscription ($courseId: ID!) { courseProgressFeed(courseId: $courseId) { at } }`,
    variables: async (world) => ({ courseId: (await courseOfInstructor(world)).courseId }),
    verdicts: ownerAndAdmins,
  },
];

