// Who may use the tutor's operations: people in their own sessions (a partner's key does not spend
// a learner's budget or read their conversations). The course's access and the thread's author
// are checked by the service. A course's usage and cost are its owner's and admins' figures (the
// service decides whose course): a key may read them with analytics:read, as a report.
import { hasScope, isPersonalSession, isSignedIn, type RuleMap } from "../../platform/authorization.ts";

export const tutorRules: RuleMap = {
  Query: { tutorThreads: isPersonalSession, tutorThread: isPersonalSession, tutorUsage: isPersonalSession, courseTutorUsage: hasScope("analytics:read") },
  Mutation: { createTutorThread: isPersonalSession, askTutor: isPersonalSession },
  Subscription: { tutorAnswerStream: isPersonalSession },
  // Reached only through the fields above, which decide.
  TutorThread: isPersonalSession,
  TutorMessage: isPersonalSession,
  TutorMessageConnection: isPersonalSession,
  TutorMessageEdge: isPersonalSession,
  TutorCitation: isPersonalSession,
  TutorUsage: isPersonalSession,
  TutorAnswer: isPersonalSession,
  TutorAnswerChunk: isPersonalSession,
  CourseTutorUsage: isSignedIn,
  TutorModelUsage: isSignedIn,
  TutorDailyUsage: isSignedIn,
  TutorTokenPrices: isSignedIn,
};
