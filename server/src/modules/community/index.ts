// community: lecture Q&A (learners' questions at a moment of a video, answers by the course's
// learners and team, the accepted answer, hiding) and the in-app notifications and mails it sends.
// In the module order after notes and before analytics; it reads identity, catalog, media and
// learning through their index.ts only, and owns its tables (ids only, no foreign keys into
// theirs). A course's threads are its enrolled learners', its team's and admins' to read: anyone
// else is answered as if they did not exist.
// Its refusals' reasons, for every program that compiles the module (not only the server's, which includes every file).
import "./community.reasons.ts";
import { extend } from "../../platform/extension-points.ts";
import type { Module } from "../../platform/module.ts";
import { courseDeletion } from "../catalog/index.ts";
import { communityListeners } from "./community.events.ts";
import { communityRules } from "./community.rules.ts";
import { NotificationResolver } from "./notification.resolver.ts";
import { findVisibleAnswer, findVisibleQuestion } from "./question.policy.ts";
import { CourseQuestionResolver, CourseQuestionsResolver, QuestionAnswerResolver, VideoQuestionsResolver } from "./question.resolver.ts";
import { deleteThreadsOfCourse } from "./question.service.ts";

export const community: Module = {
  name: "community",
  resolvers: [CourseQuestionResolver, QuestionAnswerResolver, VideoQuestionsResolver, CourseQuestionsResolver, NotificationResolver],
  rules: communityRules,
  nodes: { CourseQuestion: findVisibleQuestion, QuestionAnswer: findVisibleAnswer },
  extensions: [extend(courseDeletion, deleteThreadsOfCourse)],
  listeners: communityListeners,
};
