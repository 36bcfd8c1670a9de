// assessment: quizzes in a course's sections, learners' attempts graded on the server, and the
// quizzes a course's completion requires. After learning in the dependency order (before reviews):
// it answers learning's completionRequirements and calls learning's recheckCourseCompletion when a
// learner passes a required quiz; it reads catalog, media and learning through their index.ts
// only, and its tables keep ids only. The tutor and analytics, to its right, use openQuizOf and
// the assessment.quizAttemptSubmitted event.
// Its refusals' reasons, for every program that compiles the module (not only the server's, which includes every file).
import "./assessment.reasons.ts";
import { extend } from "../../platform/extension-points.ts";
import type { Module } from "../../platform/module.ts";
import { courseDeletion } from "../catalog/index.ts";
import { completionRequirements } from "../learning/index.ts";
import { sectionDeletion } from "../media/index.ts";
import { assessmentListeners } from "./assessment.events.ts";
import { assessmentRules } from "./assessment.rules.ts";
import { findOwnAttempt } from "./quiz-attempt.service.ts";
import { requiredQuizzes } from "./quiz-completion.ts";
import { QuizAttemptResolver, QuizResolver, SectionQuizzesResolver } from "./quiz.resolver.ts";
import { deleteQuizzesOfCourse, deleteQuizzesOfSection, findVisibleQuiz } from "./quiz.service.ts";

export { openQuizOf, type OpenQuiz } from "./open-quiz.ts";

export const assessment: Module = {
  name: "assessment",
  resolvers: [QuizResolver, QuizAttemptResolver, SectionQuizzesResolver],
  rules: assessmentRules,
  nodes: { Quiz: findVisibleQuiz, QuizAttempt: findOwnAttempt },
  extensions: [
    extend(completionRequirements, requiredQuizzes),
    extend(courseDeletion, deleteQuizzesOfCourse),
    extend(sectionDeletion, deleteQuizzesOfSection),
  ],
  listeners: assessmentListeners,
};
