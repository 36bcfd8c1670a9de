// The tutor: time to the first streamed chunk (graphql-ws tutorAnswerStream) and to the whole
// answer (askTutor's HTTP answer): offline (the extractive answer) for 10 learners asking at once,
// and against the loopback OpenAI-compatible peer with a fixed model latency, for one learner
// alone (the server's own overhead: the figure minus the model's time) and for 10 at once.
import { randomBytes } from "node:crypto";
import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";
import { seedCatalog } from "../../prisma/seed-catalog.ts";
import { createDatabase } from "../../server/src/platform/db.ts";
import { toGlobalId } from "../../server/src/platform/ids.ts";
import { PEER_API_KEY, startOpenAiPeer } from "../../server/test/support/openai-peer.ts";
import { signUpAccounts, type BenchAccount } from "../accounts.ts";
import { startApiServer } from "../api-server.ts";
import { callGraphQL } from "../graphql.ts";
import type { BenchContext, FigureScenario, TargetCheck } from "../scenario.ts";

const LEARNERS = 10;
const QUESTIONS_PER_LEARNER = 30;
const VIDEOS = 4;
/** The peer's answer: PIECES pieces, each PIECE_DELAY_MS after the last (the first too). */
const PIECES = 5;
const PIECE_DELAY_MS = 40;
const MODEL_FIRST_MS = PIECE_DELAY_MS;
const MODEL_WHOLE_MS = PIECES * PIECE_DELAY_MS;
const OFFLINE_P99_TARGET_MS = 300;
const OVERHEAD_TARGET_MS = 100;

const SENTENCES = [
  "Generics let a function keep the type of its argument.",
  "A generic constraint narrows what a type parameter accepts.",
  "Union types describe a value that is one of several types.",
  "Narrowing with typeof refines a union inside a branch.",
  "Interfaces describe the shape of an object.",
  "Type aliases name any type, unions included.",
  "The compiler checks each call against the declared types.",
  "Strict mode turns on the checks that catch the most mistakes.",
];
const QUESTIONS = ["What does a generic constraint do?", "How does narrowing with typeof work?", "What is strict mode for?", "Explain union types"];

const SIGN_IN = /* GraphQL */ `mutation BenchSignIn($input: SignInInput!) { signIn(input: $input) { accessToken } }`;
const ENROLL = /* GraphQL */ `mutation BenchEnroll($courseId: ID!) { enroll(courseId: $courseId) { id } }`;
const CREATE_THREAD = /* GraphQL */ `mutation BenchThread($courseId: ID!) { createTutorThread(courseId: $courseId) { id } }`;
const ASK = /* GraphQL */ `mutation BenchAsk($input: AskTutorInput!) { askTutor(input: $input) { answer { id content } } }`;
const STREAM = /* GraphQL */ `subscription BenchStream($threadId: ID!) { tutorAnswerStream(threadId: $threadId) { messageId delta done } }`;

interface AskResult {
  askTutor: { answer: { id: string } };
}

interface Prepared {
  courseId: string;
  learners: BenchAccount[];
}

/** A transcript of 10-second cues cycling through the sentences, `minutes` long. */
function transcript(minutes: number, shift: number): string {
  const at = (seconds: number) => `${String(Math.floor(seconds / 3600)).padStart(2, "0")}:${String(Math.floor(seconds / 60) % 60).padStart(2, "0")}:${String(seconds % 60).padStart(2, "0")}.000`;
  const cues = Array.from({ length: minutes * 6 }, (_, index) => `${at(index * 10)} --> ${at(index * 10 + 10)}\n${SENTENCES[(index + shift) % SENTENCES.length]}`);
  return ["WEBVTT", ...cues].join("\n\n") + "\n";
}

/** A free course of READY videos with 10-minute transcripts written straight into the database; the learners enroll through the API. */
async function seed(context: BenchContext): Promise<Prepared> {
  const [owner, ...learners] = await signUpAccounts(context, 1 + LEARNERS);
  const db = createDatabase({ url: context.databaseUrl, poolSize: 2 });
  let courseId: string;
  try {
    const { id: ownerId } = await db.user.update({ where: { email: owner.email }, data: { role: "INSTRUCTOR" }, select: { id: true } });
    await seedCatalog(db, { ownerId, courses: 1, videosPerCourse: VIDEOS, slugPrefix: `bench-tutor-${randomBytes(4).toString("hex")}` });
    const course = await db.course.update({ where: { id: (await db.course.findFirstOrThrow({ where: { ownerId } })).id }, data: { priceCents: 0 } });
    courseId = course.id;
    const videos = await db.video.findMany({ where: { courseId }, select: { id: true } });
    for (const [index, video] of videos.entries()) {
      await db.video.update({ where: { id: video.id }, data: { transcriptVtt: transcript(10, index), durationSeconds: 600, exactDurationSeconds: 600 } });
    }
  } finally {
    await db.$disconnect();
  }
  const globalCourseId = toGlobalId("Course", courseId);
  await Promise.all(learners.map((learner) => callGraphQL(context, ENROLL, { courseId: globalCourseId }, learner.accessToken)));
  return { courseId: globalCourseId, learners };
}

function percentile(values: number[], share: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)];
}

interface Timings {
  firstChunkMs: number[];
  wholeMs: number[];
}

/** One learner's questions, one after another: each timed to its first chunk and to askTutor's answer. */
async function askInTurn(apiUrl: string, courseId: string, learner: BenchAccount, timings: Timings): Promise<void> {
  const context = { apiUrl } as BenchContext;
  const threadId = (await callGraphQL<{ createTutorThread: { id: string } }>(context, CREATE_THREAD, { courseId }, learner.accessToken)).createTutorThread.id;
  const client: Client = createClient({
    url: `${apiUrl.replace(/^http/, "ws")}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${learner.accessToken}` },
  });
  let firstChunk: (() => void) | null = null;
  let subscribed!: () => void;
  const taken = new Promise<void>((resolve) => (subscribed = resolve));
  // Answers no longer waited for: their last chunks may arrive while the next question runs. An
  // answer joins only once its first chunk was heard, which may come after askTutor's answer.
  const answered = new Set<string>();
  client.subscribe<{ tutorAnswerStream: { messageId: string } }>({ query: STREAM, variables: { threadId } }, {
    next: (message) => {
      subscribed();
      if (answered.has(message.data!.tutorAnswerStream.messageId)) return;
      firstChunk?.();
      firstChunk = null;
    },
    error: (error) => console.error("tutor stream failed:", error),
    complete: () => {},
  });
  try {
    // The subscription is taken once it hears an answer: warm-up questions, not timed, until it does.
    let isTaken = false;
    void taken.then(() => (isTaken = true));
    while (!isTaken) {
      const warmUp = await callGraphQL<AskResult>(context, ASK, { input: { courseId, threadId, question: QUESTIONS[0] } }, learner.accessToken);
      answered.add(warmUp.askTutor.answer.id);
      await Promise.race([taken, new Promise((resolve) => setTimeout(resolve, 200))]);
    }
    for (let index = 0; index < QUESTIONS_PER_LEARNER; index++) {
      const started = performance.now();
      const heard = new Promise<number>((resolve) => (firstChunk = () => resolve(performance.now() - started)));
      const result = await callGraphQL<AskResult>(context, ASK, { input: { courseId, threadId, question: QUESTIONS[index % QUESTIONS.length] } }, learner.accessToken);
      timings.wholeMs.push(performance.now() - started);
      timings.firstChunkMs.push(await heard);
      answered.add(result.askTutor.answer.id);
    }
  } finally {
    await client.dispose();
  }
}

/** The learners asking at once, each their questions in turn. */
async function measureServer(apiUrl: string, courseId: string, learners: BenchAccount[]): Promise<Timings> {
  const timings: Timings = { firstChunkMs: [], wholeMs: [] };
  await Promise.all(learners.map((learner) => askInTurn(apiUrl, courseId, learner, timings)));
  return timings;
}

const row = (name: string, timings: Timings, modelFirstMs: number, modelWholeMs: number) => ({
  answers: name,
  questions: timings.wholeMs.length,
  "first chunk p50 ms": Math.round(percentile(timings.firstChunkMs, 0.5)),
  "first chunk p99 ms": Math.round(percentile(timings.firstChunkMs, 0.99)),
  "whole p50 ms": Math.round(percentile(timings.wholeMs, 0.5)),
  "whole p99 ms": Math.round(percentile(timings.wholeMs, 0.99)),
  "model first / whole ms": `${modelFirstMs} / ${modelWholeMs}`,
});

export const tutor: FigureScenario<Prepared> = {
  name: "tutor",
  description: `askTutor from ${LEARNERS} learners at once (${QUESTIONS_PER_LEARNER} questions each): first streamed chunk and whole answer, offline and against a model of ${MODEL_WHOLE_MS} ms`,
  setup: seed,
  async measure(context, prepared) {
    const offline = await measureServer(context.apiUrl, prepared.courseId, prepared.learners);
    const peer = await startOpenAiPeer();
    peer.behave({ kind: "answer", pieces: Array.from({ length: PIECES }, (_, index) => `Piece ${index + 1} [1]. `), delayMs: PIECE_DELAY_MS });
    const modelServer = await startApiServer(context.databaseUrl, { OPENAI_API_KEY: PEER_API_KEY, OPENAI_BASE_URL: peer.url, OPENAI_MODEL: "bench-model" });
    let model: Timings;
    let alone: Timings;
    try {
      // The second server signs its own tokens: the learners sign in again there.
      const learners = await Promise.all(
        prepared.learners.map(async (learner) => {
          const signedIn = await callGraphQL<{ signIn: { accessToken: string } }>(
            { apiUrl: modelServer.url } as BenchContext,
            SIGN_IN,
            { input: { email: learner.email, password: learner.password } },
          );
          return { ...learner, accessToken: signedIn.signIn.accessToken };
        }),
      );
      // One learner alone first: the server's own overhead, without nine others' questions queued beside it.
      alone = await measureServer(modelServer.url, prepared.courseId, learners.slice(0, 1));
      model = await measureServer(modelServer.url, prepared.courseId, learners);
    } finally {
      await modelServer.stop();
      await peer.close();
    }
    const offlineP99 = percentile(offline.wholeMs, 0.99);
    const firstOverhead = percentile(alone.firstChunkMs, 0.99) - MODEL_FIRST_MS;
    const wholeOverhead = percentile(alone.wholeMs, 0.99) - MODEL_WHOLE_MS;
    const targetChecks: TargetCheck[] = [
      { description: `offline whole answer p99 ${Math.round(offlineP99)} ms < ${OFFLINE_P99_TARGET_MS} ms (${LEARNERS} learners)`, met: offlineP99 < OFFLINE_P99_TARGET_MS },
      { description: `model first chunk p99 over the model's ${Math.round(firstOverhead)} ms < ${OVERHEAD_TARGET_MS} ms (1 learner)`, met: firstOverhead < OVERHEAD_TARGET_MS },
      { description: `model whole answer p99 over the model's ${Math.round(wholeOverhead)} ms < ${OVERHEAD_TARGET_MS} ms (1 learner)`, met: wholeOverhead < OVERHEAD_TARGET_MS },
    ];
    return {
      table: {
        title: "tutor: time to the first chunk and to the whole answer",
        rows: [
          row(`offline (extractive), ${LEARNERS} learners`, offline, 0, 0),
          row("OpenAI-compatible peer, 1 learner", alone, MODEL_FIRST_MS, MODEL_WHOLE_MS),
          row(`OpenAI-compatible peer, ${LEARNERS} learners`, model, MODEL_FIRST_MS, MODEL_WHOLE_MS),
        ],
      },
      targetChecks,
    };
  },
};
