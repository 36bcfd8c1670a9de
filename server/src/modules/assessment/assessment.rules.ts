// Who may use the assessment module's operations: the course's team writes quizzes (in person or
// with a key that teaches), learners take them in their own sessions only (no partner's key takes
// a quiz for them). The course's team and enrollment are checked by the services.
import { isPersonalSession, type RuleMap } from "../../platform/authorization.ts";
import { readsCatalog } from "../catalog/index.ts";
import { teaches } from "../identity/index.ts";

export const assessmentRules: RuleMap = {
  Mutation: {
    createQuiz: teaches,
    updateQuiz: teaches,
    deleteQuiz: teaches,
    startQuizAttempt: isPersonalSession,
    submitQuizAttempt: isPersonalSession,
  },
  // Assessment's field on media's Section, read wherever a section is.
  Section: { quizzes: readsCatalog },
  // Reached through a visible section or a quiz mutation; the answer key and the viewer's attempts
  // are shaped by the field resolvers (null or empty for whoever may not see them).
  Quiz: readsCatalog,
  QuizQuestion: readsCatalog,
  QuizChoice: readsCatalog,
  VideoMoment: readsCatalog,
  // A person's own attempts and results only.
  QuizAttempt: isPersonalSession,
  QuizQuestionResult: isPersonalSession,
  QuizChoiceFeedback: isPersonalSession,
};
