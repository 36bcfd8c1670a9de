// Q&A's operations, and its fields on media's Video and catalog's Course (federation-style: they do not know them).
import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from "type-graphql";
import type { Context } from "../../platform/context.ts";
import { PageArgs } from "../../platform/pagination.ts";
import { may } from "../../platform/policy.ts";
import { Course, findVisibleCourse, type CourseRow } from "../catalog/index.ts";
import { findUser, User } from "../identity/index.ts";
import { findVisibleVideo, Video, type VideoRow } from "../media/index.ts";
import { answerCountByQuestion, listAnswers, listCourseQuestions, listVideoQuestions } from "./question-list.service.ts";
import type { AnswerRow, QuestionRow } from "./question.loaders.ts";
import { coursePolicy, findVisibleAnswer, findVisibleQuestion, isAuthor } from "./question.policy.ts";
import * as qa from "./question.service.ts";
import {
  AnswerQuestionInput,
  AskQuestionInput,
  CourseQuestion,
  CourseQuestionConnection,
  QuestionAnswer,
  QuestionAnswerConnection,
  QuestionOrder,
  UpdateAnswerInput,
  UpdateQuestionInput,
} from "./question.type.ts";

async function viewerMay(context: Context, action: keyof typeof coursePolicy, courseId: string): Promise<boolean> {
  const course = await findVisibleCourse(context, courseId);
  return !!course && (await may(context, coursePolicy[action], course));
}

@Resolver(() => CourseQuestion)
export class CourseQuestionResolver {
  @Mutation(() => CourseQuestion, { description: "Asks a question at a moment of a video of a course the viewer learns in (or teaches)." })
  askQuestion(@Arg("input", () => AskQuestionInput) input: AskQuestionInput, @Ctx() context: Context) {
    return qa.askQuestion(context, input);
  }

  @Mutation(() => CourseQuestion, { description: "Changes the title and body of one's own question." })
  updateQuestion(@Arg("input", () => UpdateQuestionInput) input: UpdateQuestionInput, @Ctx() context: Context) {
    return qa.updateQuestion(context, input);
  }

  @Mutation(() => Boolean, {
    description: "Deletes one's own question: for good when nobody answered it, else it is emptied and marked deleted and its answers stay.",
  })
  deleteQuestion(@Arg("id", () => ID) id: string, @Ctx() context: Context) {
    return qa.deleteQuestion(context, id);
  }

  @Mutation(() => CourseQuestion, { description: "The course's owner or a co-instructor marks the answer as its question's accepted one." })
  acceptAnswer(@Arg("answerId", () => ID) answerId: string, @Ctx() context: Context) {
    return qa.acceptAnswer(context, answerId);
  }

  @Mutation(() => CourseQuestion, { description: "The course's owner or a co-instructor takes the accepted mark off the question's answer." })
  unacceptAnswer(@Arg("questionId", () => ID) questionId: string, @Ctx() context: Context) {
    return qa.unacceptAnswer(context, questionId);
  }

  @Mutation(() => CourseQuestion, { description: "The course's team and admins hide an abusive question from everyone but its author and them, or show it again." })
  setQuestionHidden(@Arg("id", () => ID) id: string, @Arg("hidden", () => Boolean) hidden: boolean, @Ctx() context: Context) {
    return qa.setQuestionHidden(context, id, hidden);
  }

  @FieldResolver(() => User, { nullable: true, description: "The asker's public profile; null once they deleted the question." })
  author(@Root() question: QuestionRow, @Ctx() context: Context) {
    return question.deletedAt ? null : findUser(context, question.userId);
  }

  @FieldResolver(() => Video, { nullable: true, description: "Null when the viewer can no longer watch it." })
  video(@Root() question: QuestionRow, @Ctx() context: Context) {
    return findVisibleVideo(context, question.videoId);
  }

  @FieldResolver(() => Boolean, { description: "Its author deleted it after it was answered: its answers stay." })
  deleted(@Root() question: QuestionRow) {
    return question.deletedAt !== null;
  }

  @FieldResolver(() => Boolean, { description: "Hidden by the course's team or an admin: shown only to its author and them." })
  hidden(@Root() question: QuestionRow) {
    return question.hiddenAt !== null;
  }

  @FieldResolver(() => Int, { description: "Its answers the viewer is shown." })
  answerCount(@Root() question: QuestionRow, @Ctx() context: Context) {
    return context.loader(answerCountByQuestion).load(question.id);
  }

  @FieldResolver(() => QuestionAnswer, { nullable: true, description: "The answer the course's team accepted, if any." })
  acceptedAnswer(@Root() question: QuestionRow, @Ctx() context: Context) {
    return question.acceptedAnswerId ? findVisibleAnswer(context, question.acceptedAnswerId) : null;
  }

  @FieldResolver(() => QuestionAnswerConnection, { description: "Its answers, oldest first." })
  answers(@Root() question: QuestionRow, @Args(() => PageArgs) page: PageArgs, @Ctx() context: Context) {
    return listAnswers(context, question, page);
  }

  @FieldResolver(() => Boolean, { description: "Whether the viewer asked it (and may change or delete it)." })
  viewerIsAuthor(@Root() question: QuestionRow, @Ctx() context: Context) {
    return isAuthor(context, question);
  }

  @FieldResolver(() => Boolean, { description: "Whether the viewer may accept its answers: the course's owner and co-instructors." })
  viewerCanAccept(@Root() question: QuestionRow, @Ctx() context: Context) {
    return viewerMay(context, "accept", question.courseId);
  }

  @FieldResolver(() => Boolean, { description: "Whether the viewer may hide it and its answers: the course's team and admins." })
  viewerCanModerate(@Root() question: QuestionRow, @Ctx() context: Context) {
    return viewerMay(context, "moderate", question.courseId);
  }
}

@Resolver(() => QuestionAnswer)
export class QuestionAnswerResolver {
  @Mutation(() => QuestionAnswer, { description: "Answers a question of a course the viewer learns in, teaches or administers; its asker is notified." })
  answerQuestion(@Arg("input", () => AnswerQuestionInput) input: AnswerQuestionInput, @Ctx() context: Context) {
    return qa.answerQuestion(context, input);
  }

  @Mutation(() => QuestionAnswer, { description: "Changes one's own answer." })
  updateAnswer(@Arg("input", () => UpdateAnswerInput) input: UpdateAnswerInput, @Ctx() context: Context) {
    return qa.updateAnswer(context, input);
  }

  @Mutation(() => Boolean, { description: "Deletes one's own answer (if it was accepted, its question has no accepted answer any more)." })
  deleteAnswer(@Arg("id", () => ID) id: string, @Ctx() context: Context) {
    return qa.deleteAnswer(context, id);
  }

  @Mutation(() => QuestionAnswer, { description: "The course's team and admins hide an abusive answer from everyone but its author and them, or show it again." })
  setAnswerHidden(@Arg("id", () => ID) id: string, @Arg("hidden", () => Boolean) hidden: boolean, @Ctx() context: Context) {
    return qa.setAnswerHidden(context, id, hidden);
  }

  @FieldResolver(() => User, { nullable: true, description: "The answerer's public profile." })
  author(@Root() answer: AnswerRow, @Ctx() context: Context) {
    return findUser(context, answer.userId);
  }

  @FieldResolver(() => CourseQuestion, { nullable: true })
  question(@Root() answer: AnswerRow, @Ctx() context: Context) {
    return findVisibleQuestion(context, answer.questionId);
  }

  @FieldResolver(() => Boolean, { description: "Whether it is its question's accepted answer." })
  async accepted(@Root() answer: AnswerRow, @Ctx() context: Context) {
    const question = await findVisibleQuestion(context, answer.questionId);
    return question?.acceptedAnswerId === answer.id;
  }

  @FieldResolver(() => Boolean, { description: "Hidden by the course's team or an admin: shown only to its author and them." })
  hidden(@Root() answer: AnswerRow) {
    return answer.hiddenAt !== null;
  }

  @FieldResolver(() => Boolean, { description: "Whether the viewer wrote it (and may change or delete it)." })
  viewerIsAuthor(@Root() answer: AnswerRow, @Ctx() context: Context) {
    return isAuthor(context, answer);
  }
}

@Resolver(() => Video)
export class VideoQuestionsResolver {
  @FieldResolver(() => CourseQuestionConnection, {
    nullable: true,
    description: "The questions asked on this video, by moment unless told. Null for whoever takes no part in the course's Q&A (not enrolled, or an API key).",
  })
  questions(
    @Root() video: VideoRow,
    @Args(() => PageArgs) page: PageArgs,
    @Arg("orderBy", () => QuestionOrder, { nullable: true }) orderBy: QuestionOrder | null,
    @Ctx() context: Context,
  ) {
    return listVideoQuestions(context, video, page, orderBy);
  }
}

@Resolver(() => Course)
export class CourseQuestionsResolver {
  @FieldResolver(() => CourseQuestionConnection, {
    nullable: true,
    description:
      "The course's questions (or one video's), newest first, or the best matches first for a search of their titles and bodies. Null for whoever takes no part in the course's Q&A.",
  })
  questions(
    @Root() course: CourseRow,
    @Args(() => PageArgs) page: PageArgs,
    @Arg("search", () => String, { nullable: true, description: "At most 200 characters; words match as typed (the last one as a prefix)." }) search: string | null,
    @Arg("videoId", () => ID, { nullable: true }) videoId: string | null,
    @Ctx() context: Context,
  ) {
    return listCourseQuestions(context, course, page, search, videoId);
  }
}
