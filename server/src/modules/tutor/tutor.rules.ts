// Who may use the tutor's operations: people in their own sessions (a partner's key does not spend
// a learner's budget or read their conversations). The course's access and the thread's author
// are checked by the service.
import { isPersonalSession, type RuleMap } from "../../platform/authorization.ts";

export const tutorRules: RuleMap = {
  Query: { tutorThreads: isPersonalSession, tutorThread: isPersonalSession, tutorUsage: isPersonalSession },
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
};
