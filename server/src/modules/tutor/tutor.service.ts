// Threads and questions: who may ask (tutorPolicy), what a question may be, and the answer's way:
// budget reserved, passages retrieved, the model's pieces streamed, the question and its answer
// stored with the event analytics counts, the budget settled to what the answer cost.
import { countTokens } from "gpt-tokenizer";
import { v7 as uuidv7 } from "uuid";
import { Prisma } from "../../generated/prisma/client.ts";
import type { Config } from "../../platform/config.ts";
import type { Context } from "../../platform/context.ts";
import { outboxInsert } from "../../platform/domain-events.ts";
import { badInput, notFound, type FieldErrors } from "../../platform/errors.ts";
import { requireFeature } from "../../platform/features.ts";
import { parseId, toGlobalId } from "../../platform/ids.ts";
import { pageWindow, toConnection, type BidirectionalPageArgs, type Connection } from "../../platform/pagination.ts";
import { authorize } from "../../platform/policy.ts";
import { findVisibleCourse, type CourseRow } from "../catalog/index.ts";
import { exactDurationOf, videoById } from "../media/index.ts";
import { release, reserve, settleSql, usageOf, usageView, type Reservation, type UsageFigures, type UsageView } from "./tutor-budget.ts";
import { questionAsked } from "./tutor.events.ts";
import { ensureCourseIndexed } from "./tutor-index.ts";
import { threadById, type MessageRow, type ThreadRow } from "./tutor.loaders.ts";
import { extractiveModel, ModelFailure, type HistoryMessage, type ModelAnswer, type TutorModel } from "./tutor-model.ts";
import { createOpenAiModel, HISTORY_TOKENS, MAX_ANSWER_TOKENS, PASSAGES_TOKENS } from "./openai-model.ts";
import { isAuthor, tutorPolicy } from "./tutor.policy.ts";
import { retrievePassages, type Place } from "./retrieval.ts";
import { declineOpenQuizQuestions } from "./quiz-guard.ts";
import { answerPublisher } from "./tutor-stream.ts";
import type { AskTutorInput } from "./tutor.type.ts";

export const QUESTION_MAX_CHARS = 4000;
const TITLE_MAX_CHARS = 120;
/** Reserved besides the question's and the answer's tokens: the most the rules, passages and history may take. */
const RESERVED_CONTEXT_TOKENS = 500 + PASSAGES_TOKENS + HISTORY_TOKENS;
/** The messages of a thread read for its history, before trimming to HISTORY_TOKENS. */
const HISTORY_MESSAGES = 20;
const SNIPPET_MAX_CHARS = 280;

/** A citation as stored with its answer: a retrieved passage's video and seconds. */
export interface StoredCitation {
  videoId: string;
  startSeconds: number;
  endSeconds: number | null;
  snippet: string;
}

export interface AnswerView {
  thread: ThreadRow;
  question: MessageRow;
  answer: MessageRow;
  usage: UsageView;
}

/** The course of a courseId argument the viewer may ask about: NOT_FOUND when invisible, FORBIDDEN otherwise. */
export async function getAskableCourse(context: Context, courseGlobalId: string): Promise<CourseRow> {
  const course = await findVisibleCourse(context, parseId(courseGlobalId, "Course", "courseId"));
  if (!course) throw notFound("Course");
  return authorize(context, tutorPolicy.ask, course);
}

/** The viewer's own thread; null for anyone else's (threads are private to their author). */
export async function findOwnThread(context: Context, id: string): Promise<ThreadRow | null> {
  const thread = await context.loader(threadById).load(id);
  return thread && isAuthor(context, thread) ? thread : null;
}

/** The viewer's own message (Query.node); null for anyone else's. */
export async function findOwnMessage(context: Context, id: string): Promise<MessageRow | null> {
  const message = await context.db.tutorMessage.findUnique({ where: { id } });
  return message && (await findOwnThread(context, message.threadId)) ? message : null;
}

/** A thread argument: the viewer's own, else NOT_FOUND. */
export async function getOwnThread(context: Context, globalId: string, field = "threadId"): Promise<ThreadRow> {
  const thread = await findOwnThread(context, parseId(globalId, "TutorThread", field));
  if (!thread) throw notFound("Thread");
  return thread;
}

/** The thread of a tutorAnswerStream argument, while the tutor is on: the subscriber's own (NOT_FOUND otherwise). */
export async function getStreamedThread(context: Context, globalId: string): Promise<ThreadRow> {
  requireFeature(context.config, "tutor");
  return getOwnThread(context, globalId, "threadId");
}

const titleOf = (text: string) => (text.length > TITLE_MAX_CHARS ? `${text.slice(0, TITLE_MAX_CHARS - 1)}…` : text);

/**
 * A new thread is only ever for asking in, so it is refused with the tutor off. Reading the
 * threads, their messages and the usage stays open: they are the learner's own stored
 * conversations and figures, and reading them asks the model nothing.
 */
export async function createThread(context: Context, courseGlobalId: string, title: string | null | undefined): Promise<ThreadRow> {
  requireFeature(context.config, "tutor");
  const course = await getAskableCourse(context, courseGlobalId);
  const trimmed = title?.trim() ?? "";
  if (trimmed.length > TITLE_MAX_CHARS) throw badInput({ title: `must be at most ${TITLE_MAX_CHARS} characters` });
  return context.db.tutorThread.create({ data: { userId: context.viewer!.userId, courseId: course.id, title: trimmed || "New conversation" } });
}

export async function threadsOf(context: Context, courseGlobalId: string): Promise<ThreadRow[]> {
  const course = await getAskableCourse(context, courseGlobalId);
  return context.db.tutorThread.findMany({
    where: { userId: context.viewer!.userId, courseId: course.id },
    orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
  });
}

/** A thread's messages in the order they were written, read from its start or (a chat's view) from its latest. */
export async function messagesOf(context: Context, thread: ThreadRow, page: BidirectionalPageArgs): Promise<Connection<MessageRow>> {
  const window = pageWindow(context, page, `tutor:messages:${thread.id}`);
  const forward = window.direction === "forward";
  const cursor = forward ? window.after : window.before;
  const from = cursor && { createdAt: new Date(cursor[0] as string), id: cursor[1] as string };
  const beyond = forward ? "gt" : "lt";
  const rows = await context.db.tutorMessage.findMany({
    where: {
      threadId: thread.id,
      ...(from ? { OR: [{ createdAt: { [beyond]: from.createdAt } }, { createdAt: from.createdAt, id: { [beyond]: from.id } }] } : {}),
    },
    orderBy: forward ? [{ createdAt: "asc" }, { id: "asc" }] : [{ createdAt: "desc" }, { id: "desc" }],
    take: window.limit + 1,
  });
  return toConnection(rows, window, (row) => [row.createdAt.toISOString(), row.id], () => context.db.tutorMessage.count({ where: { threadId: thread.id } }));
}

export const viewerUsage = (context: Context) => usageOf(context, context.viewer!.userId);

interface CheckedQuestion {
  question: string;
  place: Place | null;
  thread: ThreadRow | null;
}

/** Every problem of the input at once, each naming its field; nothing is written before these pass. */
async function checkQuestion(context: Context, course: CourseRow, input: AskTutorInput): Promise<CheckedQuestion> {
  const problems: FieldErrors = {};
  const question = input.question.trim();
  if (question.length === 0) problems.question = "must not be empty";
  else if (question.length > QUESTION_MAX_CHARS) problems.question = `must be at most ${QUESTION_MAX_CHARS.toLocaleString("en")} characters`;
  let place: Place | null = null;
  if (input.videoId != null) {
    const video = await context.loader(videoById).load(parseId(input.videoId, "Video", "videoId"));
    const duration = video && exactDurationOf(video);
    if (!video || video.courseId !== course.id) problems.videoId = "is not a video of this course";
    else if (input.positionSeconds != null && (!Number.isFinite(input.positionSeconds) || input.positionSeconds < 0 || (duration !== null && input.positionSeconds > duration))) {
      problems.positionSeconds = duration === null ? "must not be negative" : `must be between 0 and the video's ${duration} seconds`;
    } else place = { videoId: video.id, positionSeconds: input.positionSeconds ?? 0 };
  } else if (input.positionSeconds != null) problems.positionSeconds = "needs the videoId it is a position in";
  let thread: ThreadRow | null = null;
  if (input.threadId != null) {
    thread = await getOwnThread(context, input.threadId);
    if (thread.courseId !== course.id) problems.threadId = "is a thread about another course";
  }
  if (Object.keys(problems).length > 0) throw badInput(problems);
  return { question, place, thread };
}

const models = new WeakMap<Config, TutorModel>();

/** The configured OpenAI-compatible model, else the offline extractive one; one per configuration. */
function tutorModel(config: Config): TutorModel {
  let model = models.get(config);
  if (!model) models.set(config, (model = config.tutor.openAi ? createOpenAiModel(config.tutor.openAi) : extractiveModel));
  return model;
}

/** Said after what a failed model had streamed: published as its last piece, so the stream still joins into the stored answer. */
export const CUT_OFF_NOTE = "\n\n[The answer was cut off: the tutor's model failed. Ask again in a moment.]";

interface Exchange {
  threadId: string;
  answerId: string;
  userId: string;
  course: CourseRow;
  question: string;
  place: Place | null;
  answer: ModelAnswer;
  incomplete: boolean;
  /** The answering model's name (TutorMessage.model). */
  model: string;
}

const THREAD_COLUMNS = Prisma.sql`id, user_id AS "userId", course_id AS "courseId", title, created_at AS "createdAt", updated_at AS "updatedAt"`;
const MESSAGE_COLUMNS = Prisma.sql`id, thread_id AS "threadId", role, content, citations, prompt_tokens AS "promptTokens",
  completion_tokens AS "completionTokens", incomplete, model, created_at AS "createdAt"`;

/** A row of a CTE as row_to_json gives it: its timestamps are strings. */
type AsJson<Row> = { [Key in keyof Row]: Row[Key] extends Date ? string : Row[Key] };

const threadFromJson = (row: AsJson<ThreadRow>): ThreadRow => ({ ...row, createdAt: new Date(row.createdAt), updatedAt: new Date(row.updatedAt) });
const messageFromJson = (row: AsJson<MessageRow>): MessageRow => ({ ...row, createdAt: new Date(row.createdAt) });

interface StoredExchange {
  thread: AsJson<ThreadRow>;
  question: AsJson<MessageRow>;
  answer: AsJson<MessageRow>;
  usage: AsJson<UsageFigures> | null;
}

/**
 * The question, its answer, the event analytics counts and the budget settled to what the answer
 * cost, in one statement (hence one transaction): the hot path of every question.
 */
async function storeExchange(context: Context, exchange: Exchange, reservation: Reservation) {
  const { threadId, answerId, userId, course, question, place, answer, model } = exchange;
  const citations: StoredCitation[] = answer.cited.map((passage) => ({
    videoId: passage.videoId,
    startSeconds: passage.startSeconds,
    endSeconds: passage.endSeconds,
    snippet: passage.content.length > SNIPPET_MAX_CHARS ? `${passage.content.slice(0, SNIPPET_MAX_CHARS - 1)}…` : passage.content,
  }));
  const now = new Date();
  // A millisecond later, so the answer follows its question in the thread's order whatever the ids.
  const answeredAt = new Date(now.getTime() + 1);
  const questionId = uuidv7();
  const event = questionAsked({
    threadId,
    questionId,
    userId,
    courseId: course.id,
    videoId: place?.videoId ?? null,
    positionSeconds: place ? place.positionSeconds : null,
    at: now.toISOString(),
  });
  const [stored] = await context.db.$queryRaw<StoredExchange[]>`
    WITH thread AS (
      INSERT INTO tutor_threads AS t (id, user_id, course_id, title, created_at, updated_at)
      VALUES (${threadId}::uuid, ${userId}::uuid, ${course.id}::uuid, ${titleOf(question)}, ${now}, ${now})
      ON CONFLICT (id) DO UPDATE SET updated_at = EXCLUDED.updated_at
      RETURNING ${THREAD_COLUMNS}
    ),
    question AS (
      INSERT INTO tutor_messages (id, thread_id, role, content, prompt_tokens, created_at)
      SELECT ${questionId}::uuid, thread.id, 'USER', ${question}, ${countTokens(question)}::int, ${now} FROM thread
      RETURNING ${MESSAGE_COLUMNS}
    ),
    answer AS (
      INSERT INTO tutor_messages (id, thread_id, role, content, citations, prompt_tokens, completion_tokens, incomplete, model, created_at)
      SELECT ${answerId}::uuid, thread.id, 'ASSISTANT', ${answer.content}, ${JSON.stringify(citations)}::jsonb, ${answer.promptTokens}::int,
        ${answer.completionTokens}::int, ${exchange.incomplete}, ${model}, ${answeredAt} FROM thread
      RETURNING ${MESSAGE_COLUMNS}
    ),
    usage AS (${settleSql(reservation, exchange.incomplete ? 0 : answer.promptTokens + answer.completionTokens)}),
    event AS (${outboxInsert(event, Prisma.sql`SELECT 1 FROM question`)})
    SELECT (SELECT row_to_json(thread) FROM thread) AS thread, (SELECT row_to_json(question) FROM question) AS question,
      (SELECT row_to_json(answer) FROM answer) AS answer, (SELECT row_to_json(usage) FROM usage) AS usage`;
  const usage = stored.usage
    ? usageView(context, { ...stored.usage, oldestRecentRequest: stored.usage.oldestRecentRequest ? new Date(stored.usage.oldestRecentRequest) : null, now: new Date(stored.usage.now) })
    : await usageOf(context, userId);
  return { thread: threadFromJson(stored.thread), question: messageFromJson(stored.question), answer: messageFromJson(stored.answer), usage };
}

/** The thread's latest messages, oldest first: the model's memory of the conversation (trimmed further to a token budget). */
async function historyOf(context: Context, thread: ThreadRow | null): Promise<HistoryMessage[]> {
  if (!thread) return [];
  const latest = await context.db.tutorMessage.findMany({
    where: { threadId: thread.id },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: HISTORY_MESSAGES,
    select: { role: true, content: true },
  });
  return latest.reverse();
}

/**
 * Answers a question once the whole answer is stored; its pieces are published meanwhile to the
 * thread's tutorAnswerStream, the last (done) after the commit. A model that fails costs the
 * learner nothing (the reservation is released); what it had streamed is stored, marked incomplete.
 */
export async function askTutor(context: Context, input: AskTutorInput): Promise<AnswerView> {
  requireFeature(context.config, "tutor");
  const course = await getAskableCourse(context, input.courseId);
  const { question, place, thread } = await checkQuestion(context, course, input);
  await declineOpenQuizQuestions(context, course.id, question);
  const userId = context.viewer!.userId;
  const reservation = await reserve(context, userId, countTokens(question) + RESERVED_CONTEXT_TOKENS + MAX_ANSWER_TOKENS);
  const threadId = thread?.id ?? uuidv7();
  const answerId = uuidv7();
  const stream = answerPublisher(context, { threadId: toGlobalId("TutorThread", threadId), messageId: toGlobalId("TutorMessage", answerId) });
  const model = tutorModel(context.config);
  const exchange = { threadId, answerId, userId, course, question, place, model: model.name };
  try {
    await ensureCourseIndexed(context.db, course.id);
    const passages = await retrievePassages(context.db, course.id, question, place);
    const history = model.readsHistory ? await historyOf(context, thread) : [];
    const answer = await model.answer(
      { courseTitle: course.title, question, passages, history },
      (delta) => stream.delta(delta),
    );
    const stored = await storeExchange(context, { ...exchange, answer, incomplete: false }, reservation);
    stream.finish();
    context.loader(threadById).clear(threadId).prime(threadId, stored.thread);
    return stored;
  } catch (error) {
    if (!(error instanceof ModelFailure) || !error.partial) {
      await release(context, reservation);
      if (error instanceof ModelFailure) throw error.refusal;
      throw error;
    }
    stream.delta(CUT_OFF_NOTE);
    const content = error.partial + CUT_OFF_NOTE;
    const answer = { content, cited: error.cited, promptTokens: error.promptTokens, completionTokens: countTokens(error.partial) };
    await storeExchange(context, { ...exchange, answer, incomplete: true }, reservation);
    stream.finish();
    throw error.refusal;
  }
}
