// Who may use the community module's operations: people in their own sessions (a partner's key
// neither reads nor writes learners' questions, nor anyone's notifications; no scope says it may).
// Taking part in a course's Q&A, authorship and the course's team are checked by the services
// (question.policy.ts), which say which is missing.
import { isPersonalSession, type RuleMap } from "../../platform/authorization.ts";
import { readsCatalog } from "../catalog/index.ts";

export const communityRules: RuleMap = {
  Query: { myNotifications: isPersonalSession, myUnreadNotificationCount: isPersonalSession, myNotificationPreferences: isPersonalSession },
  Mutation: {
    askQuestion: isPersonalSession,
    updateQuestion: isPersonalSession,
    deleteQuestion: isPersonalSession,
    acceptAnswer: isPersonalSession,
    unacceptAnswer: isPersonalSession,
    setQuestionHidden: isPersonalSession,
    answerQuestion: isPersonalSession,
    updateAnswer: isPersonalSession,
    deleteAnswer: isPersonalSession,
    setAnswerHidden: isPersonalSession,
    markNotificationsRead: isPersonalSession,
    updateNotificationPreferences: isPersonalSession,
  },
  Subscription: { myUnreadNotificationCountChanged: isPersonalSession },
  // Q&A's fields on media's Video and catalog's Course, read wherever they are: null for whoever
  // takes no part in the course's Q&A, an API key included (question-list.service.ts).
  Video: { questions: readsCatalog },
  Course: { questions: readsCatalog },
  // Reached only through the fields above, the mutations and Query.node, which decide.
  CourseQuestion: isPersonalSession,
  CourseQuestionConnection: isPersonalSession,
  CourseQuestionEdge: isPersonalSession,
  QuestionAnswer: isPersonalSession,
  QuestionAnswerConnection: isPersonalSession,
  QuestionAnswerEdge: isPersonalSession,
  Notification: isPersonalSession,
  NotificationConnection: isPersonalSession,
  NotificationEdge: isPersonalSession,
  NotificationPreferences: isPersonalSession,
};
