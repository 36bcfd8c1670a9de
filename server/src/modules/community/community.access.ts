// The community module's rows of the authorization matrix (run by test/authorization.test.ts).
// People in their own sessions only. A course's Q&A is its enrolled learner's (the student's), its
// owner's and admins'; the other instructor takes no part and is answered NOT_FOUND for its posts.
// Authors change their own posts; the owner (not an admin) accepts; the owner and admins hide.
import type { AccessRow, AccessWorld, MatrixActor, Verdict } from "../../../test/support/access-matrix.ts";
import { allowOnly } from "../../../test/support/access-matrix.ts";
import { courseOfEnrolledStudent } from "../learning/learning.fixtures.ts";
import {
  ACCEPT,
  ANSWER,
  answerAs,
  ASK,
  askAs,
  DELETE_ANSWER,
  DELETE_QUESTION,
  HIDE_ANSWER,
  HIDE_QUESTION,
  MARK_READ,
  PREFERENCES,
  SET_PREFERENCES,
  UNACCEPT,
  UPDATE_ANSWER,
  UPDATE_QUESTION,
} from "./community.fixtures.ts";

/** A fresh question of the student's for each call, so a deletion never meets one already gone. */
async function studentQuestion(world: AccessWorld) {
  return askAs(world.server, world.cast.student.accessToken, { videoId: (await courseOfEnrolledStudent(world)).videoId });
}

/** A fresh answer of the student's, to a fresh question. */
async function studentAnswer(world: AccessWorld) {
  return answerAs(world.server, world.cast.student.accessToken, (await studentQuestion(world)).id);
}

const PEOPLE = allowOnly("student", "owner", "otherInstructor", "admin");
const participants = allowOnly("student", "owner", "admin");
/** The others of the course are refused; the outsider is answered as if the post did not exist. */
const verdicts = (allowed: MatrixActor[]): Record<MatrixActor, Verdict> => ({ ...allowOnly(...allowed), otherInstructor: "hide" });
const authorOnly = verdicts(["student"]);

export const accessRows: AccessRow[] = [
  { operation: "Query.myNotifications", document: `query { myNotifications { totalCount nodes { id read } } }`, verdicts: PEOPLE },
  { operation: "Query.myUnreadNotificationCount", document: `query { myUnreadNotificationCount }`, verdicts: PEOPLE },
  { operation: "Query.myNotificationPreferences", document: PREFERENCES, verdicts: PEOPLE },
  { operation: "Subscription.myUnreadNotificationCountChanged", document: `subscription { myUnreadNotificationCountChanged }`, verdicts: PEOPLE },
  { operation: "Mutation.markNotificationsRead", document: MARK_READ, verdicts: PEOPLE },
  { operation: "Mutation.updateNotificationPreferences", document: SET_PREFERENCES, variables: () => ({ mailOnAnswer: false }), verdicts: PEOPLE },
  {
    operation: "Mutation.askQuestion",
    document: ASK,
    variables: async (world) => ({ input: { videoId: (await courseOfEnrolledStudent(world)).videoId, positionSeconds: 3, title: "A question?", body: "Its details." } }),
    verdicts: participants,
  },
  {
    operation: "Mutation.updateQuestion",
    document: UPDATE_QUESTION,
    variables: async (world) => ({ input: { id: (await studentQuestion(world)).id, title: "Changed?", body: "Changed." } }),
    verdicts: authorOnly,
  },
  { operation: "Mutation.deleteQuestion", document: DELETE_QUESTION, variables: async (world) => ({ id: (await studentQuestion(world)).id }), verdicts: authorOnly },
  {
    operation: "Mutation.answerQuestion",
    document: ANSWER,
    variables: async (world) => ({ input: { questionId: (await studentQuestion(world)).id, body: "An answer." } }),
    verdicts: verdicts(["student", "owner", "admin"]),
  },
  {
    operation: "Mutation.updateAnswer",
    document: UPDATE_ANSWER,
    variables: async (world) => ({ input: { id: (await studentAnswer(world)).id, body: "Changed." } }),
    verdicts: authorOnly,
  },
  { operation: "Mutation.deleteAnswer", document: DELETE_ANSWER, variables: async (world) => ({ id: (await studentAnswer(world)).id }), verdicts: authorOnly },
  { operation: "Mutation.acceptAnswer", document: ACCEPT, variables: async (world) => ({ answerId: (await studentAnswer(world)).id }), verdicts: verdicts(["owner"]) },
  {
    operation: "Mutation.unacceptAnswer",
    document: UNACCEPT,
    variables: async (world) => ({ questionId: (await studentQuestion(world)).id }),
    verdicts: verdicts(["owner"]),
  },
  {
    operation: "Mutation.setQuestionHidden",
    document: HIDE_QUESTION,
    variables: async (world) => ({ id: (await studentQuestion(world)).id, hidden: true }),
    verdicts: verdicts(["owner", "admin"]),
  },
  {
    operation: "Mutation.setAnswerHidden",
    document: HIDE_ANSWER,
    variables: async (world) => ({ id: (await studentAnswer(world)).id, hidden: true }),
    verdicts: verdicts(["owner", "admin"]),
  },
];
