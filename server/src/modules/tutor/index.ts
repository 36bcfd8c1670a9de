// tutor: questions about a course answered from its own transcripts and descriptions (passages
// indexed with PostgreSQL's full-text search), with citations of the second of the video, streamed
// over graphql-ws, within each learner's daily token and per-minute budgets. Threads are private;
// a course's owner and admins see its tutor's questions, tokens and estimated cost.
// Its refusals' reasons, for every program that compiles the module (not only the server's, which includes every file).
import "./tutor.reasons.ts";
import type { Module } from "../../platform/module.ts";
import { CourseTutorUsageResolver } from "./course-tutor-usage.resolver.ts";
import { TutorAnswerChunkResolver, TutorCitationResolver, TutorMessageResolver, TutorThreadResolver } from "./tutor.resolver.ts";
import { tutorListeners } from "./tutor.events.ts";
import { tutorRules } from "./tutor.rules.ts";
import { findOwnMessage, findOwnThread } from "./tutor.service.ts";

export type { QuestionFacts } from "./tutor.events.ts";

export const tutor: Module = {
  name: "tutor",
  resolvers: [TutorThreadResolver, TutorMessageResolver, TutorCitationResolver, TutorAnswerChunkResolver, CourseTutorUsageResolver],
  rules: tutorRules,
  nodes: { TutorThread: findOwnThread, TutorMessage: findOwnMessage },
  listeners: tutorListeners,
};
