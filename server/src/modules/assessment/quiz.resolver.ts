import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from "type-graphql";
import type { Context } from "../../platform/context.ts";
import { Course, findVisibleCourse } from "../catalog/index.ts";
import { findVisibleSection, Section } from "../media/index.ts";
import {
  quizOfAttempt,
  resultsOf,
  startAttempt,
  submitAttempt,
  viewerAttempts,
  viewerAttemptsLeft,
  viewerOpenAttempt,
  viewerPassed,
} from "./quiz-attempt.service.ts";
import type { AttemptRow, QuizRow } from "./quiz.loaders.ts";
import { createQuiz, deleteQuiz, questionsLocked, questionsOf, quizzesOfSection, updateQuiz } from "./quiz.service.ts";
import { CreateQuizInput, Quiz, QuizAttempt, QuizQuestion, QuizQuestionResult, SubmitQuizAttemptInput, UpdateQuizInput } from "./quiz.type.ts";

@Resolver(() => Quiz)
export class QuizResolver {
  @Mutation(() => Quiz, { description: "A quiz at the end of a section's quizzes, by the course's team." })
  createQuiz(@Arg("input", () => CreateQuizInput) input: CreateQuizInput, @Ctx() context: Context) {
    return createQuiz(context, input);
  }

  @Mutation(() => Quiz, { description: "Change a quiz's settings, and its questions while no learner has attempted it." })
  updateQuiz(@Arg("input", () => UpdateQuizInput) input: UpdateQuizInput, @Ctx() context: Context) {
    return updateQuiz(context, input);
  }

  @Mutation(() => Boolean, { description: "Delete a quiz with its attempts; completions it counted towards stay." })
  deleteQuiz(@Arg("id", () => ID) id: string, @Ctx() context: Context) {
    return deleteQuiz(context, id);
  }

  @Mutation(() => QuizAttempt, {
    description: "Start an attempt at a quiz, or go back to the one still open. Learners within the quiz's limit; the course's team previews.",
  })
  startQuizAttempt(@Arg("quizId", () => ID) quizId: string, @Ctx() context: Context) {
    return startAttempt(context, quizId);
  }

  @Mutation(() => QuizAttempt, { description: "Submit an open attempt's answers, once: graded on the server." })
  submitQuizAttempt(@Arg("input", () => SubmitQuizAttemptInput) input: SubmitQuizAttemptInput, @Ctx() context: Context) {
    return submitAttempt(context, input);
  }

  @FieldResolver(() => Course)
  course(@Root() quiz: QuizRow, @Ctx() context: Context) {
    return findVisibleCourse(context, quiz.courseId);
  }

  @FieldResolver(() => Section, { nullable: true })
  section(@Root() quiz: QuizRow, @Ctx() context: Context) {
    return findVisibleSection(context, quiz.sectionId);
  }

  @FieldResolver(() => [QuizQuestion], {
    nullable: true,
    description: "For the course's enrolled learners and its team; null for anyone else. The answer key is the team's only.",
  })
  questions(@Root() quiz: QuizRow, @Ctx() context: Context) {
    return questionsOf(context, quiz);
  }

  @FieldResolver(() => Boolean, {
    nullable: true,
    description: "For the course's team: whether learners attempted the quiz, so its questions can no longer change. Null for anyone else.",
  })
  questionsLocked(@Root() quiz: QuizRow, @Ctx() context: Context) {
    return questionsLocked(context, quiz);
  }

  @FieldResolver(() => [QuizAttempt], { description: "The viewer's own attempts, oldest first (their previews after); empty for an API key." })
  viewerAttempts(@Root() quiz: QuizRow, @Ctx() context: Context) {
    return viewerAttempts(context, quiz);
  }

  @FieldResolver(() => QuizAttempt, { nullable: true, description: "The viewer's attempt started and not yet submitted or expired." })
  viewerOpenAttempt(@Root() quiz: QuizRow, @Ctx() context: Context) {
    return viewerOpenAttempt(context, quiz);
  }

  @FieldResolver(() => Int, { nullable: true, description: "Attempts the viewer, a learner, has left; null when unlimited (or not a learner)." })
  viewerAttemptsLeft(@Root() quiz: QuizRow, @Ctx() context: Context) {
    return viewerAttemptsLeft(context, quiz);
  }

  @FieldResolver(() => Boolean, { description: "Whether one of the viewer's attempts (not a preview) passed." })
  viewerPassed(@Root() quiz: QuizRow, @Ctx() context: Context) {
    return viewerPassed(context, quiz);
  }
}

@Resolver(() => QuizAttempt)
export class QuizAttemptResolver {
  @FieldResolver(() => Quiz)
  quiz(@Root() attempt: AttemptRow, @Ctx() context: Context) {
    return quizOfAttempt(context, attempt);
  }

  @FieldResolver(() => [QuizQuestionResult], {
    nullable: true,
    description: "Question by question, with the explanations of the picked choices and of the question; null until submitted.",
  })
  results(@Root() attempt: AttemptRow, @Ctx() context: Context) {
    return resultsOf(context, attempt);
  }
}

// Assessment's field on media's Section, federation-style: media does not know it.
@Resolver(() => Section)
export class SectionQuizzesResolver {
  @FieldResolver(() => [Quiz], { description: "The section's quizzes in their order." })
  quizzes(@Root() section: { id: string }, @Ctx() context: Context) {
    return quizzesOfSection(context, section);
  }
}
