import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root, Subscription } from "type-graphql";
import type { Context } from "../../platform/context.ts";
import { badInput, notFound } from "../../platform/errors.ts";
import { parseId, toGlobalId } from "../../platform/ids.ts";
import { BidirectionalPageArgs } from "../../platform/pagination.ts";
import { Course, findVisibleCourse } from "../catalog/index.ts";
import { findVisibleVideo, Video, type VideoRow } from "../media/index.ts";
import type { MessageRow, ThreadRow } from "./tutor.loaders.ts";
import { EXCERPTS_MODEL } from "./tutor-model.ts";
import { answerChunks, type AnswerChunk } from "./tutor-stream.ts";
import { askTutor, createThread, findOwnThread, getStreamedThread, messagesOf, threadsOf, viewerUsage, type StoredCitation } from "./tutor.service.ts";
import {
  AskTutorInput,
  TutorAnswer,
  TutorAnswerChunk,
  TutorAnswerer,
  TutorCitation,
  TutorMessage,
  TutorMessageConnection,
  TutorThread,
  TutorUsage,
} from "./tutor.type.ts";

/** Sent over HTTP, where no events can follow: after the checks subscribing makes, how to subscribe. */
const overWebSocketOnly = () => badInput({ operation: "subscriptions are served over WebSocket (graphql-ws) at /graphql" });

@Resolver(() => TutorThread)
export class TutorThreadResolver {
  @Query(() => [TutorThread])
  tutorThreads(@Arg("courseId", () => ID) courseId: string, @Ctx() context: Context) {
    return threadsOf(context, courseId);
  }

  @Query(() => TutorThread, { nullable: true })
  tutorThread(@Arg("id", () => ID) id: string, @Ctx() context: Context) {
    return findOwnThread(context, parseId(id, "TutorThread", "id"));
  }

  @Query(() => TutorUsage)
  tutorUsage(@Ctx() context: Context) {
    return viewerUsage(context);
  }

  @Mutation(() => TutorThread, { description: "Start an empty thread, e.g. to subscribe to tutorAnswerStream before the first question." })
  createTutorThread(
    @Arg("courseId", () => ID) courseId: string,
    @Arg("title", () => String, { nullable: true }) title: string | null,
    @Ctx() context: Context,
  ) {
    return createThread(context, courseId, title);
  }

  @Mutation(() => TutorAnswer, { description: "Answers when the whole answer is ready; meanwhile its chunks stream on tutorAnswerStream(threadId)." })
  askTutor(@Arg("input", () => AskTutorInput) input: AskTutorInput, @Ctx() context: Context) {
    return askTutor(context, input);
  }

  @FieldResolver(() => Course)
  async course(@Root() thread: ThreadRow, @Ctx() context: Context) {
    const course = await findVisibleCourse(context, thread.courseId);
    if (!course) throw notFound("Course");
    return course;
  }

  @FieldResolver(() => TutorMessageConnection, {
    description: "Oldest first in every page: read forward from the start (first, after) or backward from the latest (last, before).",
  })
  messages(@Root() thread: ThreadRow, @Args(() => BidirectionalPageArgs) page: BidirectionalPageArgs, @Ctx() context: Context) {
    return messagesOf(context, thread, page);
  }
}

@Resolver(() => TutorMessage)
export class TutorMessageResolver {
  @FieldResolver(() => TutorAnswerer, { nullable: true, description: "Null for a question." })
  answeredBy(@Root() message: MessageRow): TutorAnswerer | null {
    if (message.role !== "ASSISTANT") return null;
    return message.model === EXCERPTS_MODEL ? TutorAnswerer.COURSE_EXCERPTS : TutorAnswerer.LANGUAGE_MODEL;
  }

  /** Citations of videos since deleted, or no longer visible to the viewer, are left out. */
  @FieldResolver(() => [TutorCitation])
  async citations(@Root() message: MessageRow, @Ctx() context: Context) {
    const stored = message.citations as unknown as StoredCitation[];
    const videos = await Promise.all(stored.map((citation) => findVisibleVideo(context, citation.videoId)));
    return stored.flatMap((citation, index) => (videos[index] ? [{ ...citation, video: videos[index] }] : []));
  }
}

@Resolver(() => TutorCitation)
export class TutorCitationResolver {
  @FieldResolver(() => Video)
  video(@Root() citation: StoredCitation & { video: VideoRow }) {
    return citation.video;
  }
}

@Resolver(() => TutorAnswerChunk)
export class TutorAnswerChunkResolver {
  @Subscription(() => TutorAnswerChunk, {
    description: "The tutor's answer as it is generated.",
    subscribe: async ({ args, context }) => {
      const thread = await getStreamedThread(context as Context, (args as { threadId: string }).threadId);
      return answerChunks(context as Context, toGlobalId("TutorThread", thread.id));
    },
  })
  async tutorAnswerStream(
    @Root() chunk: AnswerChunk | undefined,
    @Arg("threadId", () => ID) threadId: string,
    @Ctx() context: Context,
  ): Promise<AnswerChunk> {
    // Sent over HTTP there is no chunk: the thread is checked (as subscribing does) before saying how to subscribe.
    // A thread's author never changes, and the viewer's rights are read again for every chunk (websocket-server.ts).
    if (!chunk) {
      await getStreamedThread(context, threadId);
      throw overWebSocketOnly();
    }
    return chunk;
  }
}
