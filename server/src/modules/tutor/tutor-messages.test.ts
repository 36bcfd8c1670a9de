// A thread's messages through the public API: what answered each one (the offline excerpts or the
// OpenAI-compatible model, through the loopback peer) and whether the model failed part-way; and
// the thread read from its latest messages backward, as a chat shows it, with cursors that work in
// either direction and bad ones refused naming their argument.
import { expectError } from "../../../test/support/errors.ts";
import { databaseId } from "../../../test/support/ids.ts";
import { PEER_API_KEY, startOpenAiPeer, type OpenAiPeer } from "../../../test/support/openai-peer.ts";
import { startTestServer, UNTHROTTLED, type TestServer } from "../../../test/support/test-server.ts";
import { signUp, signUpCast, type Cast } from "../identity/identity.fixtures.ts";
import { enrollAs } from "../learning/learning.fixtures.ts";
import { CUT_OFF_NOTE } from "./tutor.service.ts";
import { courseWithTranscript, CREATE_THREAD } from "./tutor.fixtures.ts";
import { NOT_COVERED } from "./tutor-model.ts";

const LINES = [
  "Generics let a function keep the type of its argument.",
  "A generic constraint narrows what a type parameter accepts.",
  "Union types describe a value that is one of several types.",
  "Narrowing with typeof refines a union inside a branch.",
];

const ASK = /* GraphQL */ `
  mutation ($input: AskTutorInput!) {
    askTutor(input: $input) {
      thread { id }
      question { id role answeredBy incomplete }
      answer { id role content answeredBy incomplete }
    }
  }
`;
const MESSAGES = /* GraphQL */ `
  query ($id: ID!, $first: Int, $after: String, $last: Int, $before: String) {
    tutorThread(id: $id) {
      messages(first: $first, after: $after, last: $last, before: $before) {
        totalCount
        edges { cursor node { id role content answeredBy incomplete } }
        pageInfo { hasPreviousPage hasNextPage startCursor endCursor }
      }
    }
  }
`;

interface Message {
  id: string;
  role: "USER" | "ASSISTANT";
  content: string;
  answeredBy: "COURSE_EXCERPTS" | "LANGUAGE_MODEL" | null;
  incomplete: boolean;
}
interface MessagePage {
  totalCount: number;
  edges: { cursor: string; node: Message }[];
  pageInfo: { hasPreviousPage: boolean; hasNextPage: boolean; startCursor: string | null; endCursor: string | null };
}

let peer: OpenAiPeer;
let server: TestServer;
/** The same database, answering through the loopback OpenAI-compatible peer. */
let modelServer: TestServer;
let cast: Cast;
let course: { courseId: string; videoId: string };
beforeAll(async () => {
  peer = await startOpenAiPeer();
  server = await startTestServer({ ...UNTHROTTLED, TUTOR_DAILY_TOKENS: "200000", TUTOR_REQUESTS_PER_MINUTE: "1000" });
  modelServer = await startTestServer(
    { ...UNTHROTTLED, TUTOR_DAILY_TOKENS: "200000", TUTOR_REQUESTS_PER_MINUTE: "1000", OPENAI_API_KEY: PEER_API_KEY, OPENAI_BASE_URL: peer.url, OPENAI_MODEL: "peer-model-1" },
    { besides: server },
  );
  cast = await signUpCast(server);
  course = await courseWithTranscript(server, cast.owner.accessToken, LINES);
  await enrollAs(server, cast.student.accessToken, course.courseId);
});
afterAll(async () => {
  await modelServer.close();
  await server.close();
  await peer.close();
});

const ask = (on: TestServer, token: string, input: Record<string, unknown>) =>
  on.graphql(ASK, { input: { courseId: course.courseId, ...input } }, { token });

async function messages(on: TestServer, token: string, threadId: string, page: Record<string, unknown>): Promise<MessagePage> {
  const result = await on.graphql(MESSAGES, { id: threadId, ...page }, { token });
  expect(result.errors).toBeUndefined();
  return result.data!.tutorThread.messages as MessagePage;
}

describe("what answered, and whether it is complete", () => {
  it("marks the offline tutor's answers, quotes or not covered, as the course's excerpts; a question was answered by no one", async () => {
    const token = cast.student.accessToken;
    const quoted = await ask(server, token, { question: "What does a generic constraint do?" });
    expect(quoted.errors).toBeUndefined();
    const { question, answer, thread } = quoted.data!.askTutor;
    expect(question).toMatchObject({ role: "USER", answeredBy: null, incomplete: false });
    expect(answer).toMatchObject({ role: "ASSISTANT", answeredBy: "COURSE_EXCERPTS", incomplete: false });
    const uncovered = await ask(server, token, { question: "photosynthesis chlorophyll", threadId: thread.id });
    expect(uncovered.data!.askTutor.answer).toMatchObject({ content: NOT_COVERED, answeredBy: "COURSE_EXCERPTS", incomplete: false });
    // Read back as stored.
    const stored = await messages(server, token, thread.id, {});
    expect(stored.edges.map(({ node }) => [node.role, node.answeredBy, node.incomplete])).toEqual([
      ["USER", null, false],
      ["ASSISTANT", "COURSE_EXCERPTS", false],
      ["USER", null, false],
      ["ASSISTANT", "COURSE_EXCERPTS", false],
    ]);
  });

  describe("through a language model", () => {
    let token: string;
    beforeAll(async () => {
      // Tokens are signed per server instance: this learner signs up on the model's.
      const learner = await signUp(modelServer);
      await enrollAs(modelServer, learner.accessToken, course.courseId);
      token = learner.accessToken;
    });

    it("marks its answer as the language model's, complete, and stores the model's name", async () => {
      peer.behave({ kind: "answer", pieces: ["A constraint narrows ", "the type parameter [1]."] });
      const result = await ask(modelServer, token, { question: "What does a generic constraint do?" });
      expect(result.errors).toBeUndefined();
      const { question, answer, thread } = result.data!.askTutor;
      expect(question).toMatchObject({ answeredBy: null, incomplete: false });
      expect(answer).toMatchObject({ content: "A constraint narrows the type parameter [1].", answeredBy: "LANGUAGE_MODEL", incomplete: false });
      const row = await modelServer.db.tutorMessage.findUniqueOrThrow({ where: { id: databaseId(answer.id) } });
      expect(row.model).toBe("peer-model-1");
      const stored = await messages(modelServer, token, thread.id, { last: 1 });
      expect(stored.edges[0].node).toMatchObject({ id: answer.id, answeredBy: "LANGUAGE_MODEL", incomplete: false });
    });

    it("marks an answer the model stopped giving half-way as incomplete, its content what it had said and the cut-off note", async () => {
      const created = await modelServer.graphql(CREATE_THREAD, { courseId: course.courseId }, { token });
      const threadId = created.data!.createTutorThread.id as string;
      peer.behave({ kind: "cut", pieces: ["Generics keep ", "the type"] });
      expectError(await ask(modelServer, token, { question: "generics", threadId }), "RATE_LIMITED", "TUTOR_MODEL_UNAVAILABLE");
      const stored = await messages(modelServer, token, threadId, { last: 20 });
      expect(stored.edges.map(({ node }) => node)).toEqual([
        expect.objectContaining({ role: "USER", content: "generics", answeredBy: null, incomplete: false }),
        expect.objectContaining({ role: "ASSISTANT", content: `Generics keep the type${CUT_OFF_NOTE}`, answeredBy: "LANGUAGE_MODEL", incomplete: true }),
      ]);
    });
  });
});

describe("reading a thread backward from its latest messages", () => {
  const QUESTIONS = ["generics", "generic constraint", "union types", "narrowing with typeof"];
  let threadId: string;
  /** The thread's messages, oldest first, as one forward read gives them. */
  let all: Message[];
  beforeAll(async () => {
    const token = cast.student.accessToken;
    for (const question of QUESTIONS) {
      const asked = await ask(server, token, { question, ...(threadId ? { threadId } : {}) });
      threadId = asked.data!.askTutor.thread.id;
    }
    all = (await messages(server, token, threadId, { first: 100 })).edges.map(({ node }) => node);
  });

  const read = (page: Record<string, unknown>) => messages(server, cast.student.accessToken, threadId, page);

  it("pages from the end in pages of 3, each page oldest first, until the first message", async () => {
    expect(all).toHaveLength(8);
    expect(all.map((message) => message.role)).toEqual(["USER", "ASSISTANT", "USER", "ASSISTANT", "USER", "ASSISTANT", "USER", "ASSISTANT"]);
    expect(all.filter((message) => message.role === "USER").map((message) => message.content)).toEqual(QUESTIONS);

    const latest = await read({ last: 3 });
    expect(latest.edges.map(({ node }) => node.id)).toEqual(all.slice(5).map((message) => message.id));
    expect(latest.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false });
    expect(latest.totalCount).toBe(8);

    const earlier = await read({ last: 3, before: latest.pageInfo.startCursor });
    expect(earlier.edges.map(({ node }) => node.id)).toEqual(all.slice(2, 5).map((message) => message.id));
    expect(earlier.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });

    const earliest = await read({ last: 3, before: earlier.pageInfo.startCursor });
    expect(earliest.edges.map(({ node }) => node.id)).toEqual(all.slice(0, 2).map((message) => message.id));
    expect(earliest.pageInfo).toMatchObject({ hasPreviousPage: false, hasNextPage: true });
    expect(earliest.pageInfo.startCursor).toBe(earliest.edges[0].cursor);
    expect(earliest.pageInfo.endCursor).toBe(earliest.edges[1].cursor);
  });

  it("gives a message one cursor, so a backward page's cursors read forward too, and a forward page's backward", async () => {
    const latest = await read({ last: 3 });
    const forward = await read({ first: 100 });
    expect(latest.edges.map((edge) => edge.cursor)).toEqual(forward.edges.slice(5).map((edge) => edge.cursor));
    const after = await read({ first: 2, after: latest.pageInfo.startCursor });
    expect(after.edges.map(({ node }) => node.id)).toEqual(all.slice(6).map((message) => message.id));
    expect(after.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false });
    const before = await read({ last: 4, before: forward.edges[4].cursor });
    expect(before.edges.map(({ node }) => node.id)).toEqual(all.slice(0, 4).map((message) => message.id));
  });

  it("reads the whole thread backward in one page when it fits, and an empty thread as no page", async () => {
    const whole = await read({ last: 20 });
    expect(whole.edges.map(({ node }) => node.id)).toEqual(all.map((message) => message.id));
    expect(whole.pageInfo).toMatchObject({ hasPreviousPage: false, hasNextPage: false });
    const created = await server.graphql(CREATE_THREAD, { courseId: course.courseId }, { token: cast.student.accessToken });
    const empty = await messages(server, cast.student.accessToken, created.data!.createTutorThread.id, { last: 20 });
    expect(empty).toEqual({ totalCount: 0, edges: [], pageInfo: { hasPreviousPage: false, hasNextPage: false, startCursor: null, endCursor: null } });
  });

  describe("refuses, naming the argument", () => {
    const refused = async (page: Record<string, unknown>, thread = threadId) => {
      const result = await server.graphql(MESSAGES, { id: thread, ...page }, { token: cast.student.accessToken });
      expectError(result, "BAD_USER_INPUT");
      return Object.keys(result.errors![0].extensions.fields as object).sort();
    };

    it("a forged, malformed or edited cursor", async () => {
      const { startCursor } = (await read({ last: 3 })).pageInfo;
      const [, signature] = startCursor!.split(".");
      const edited = `${Buffer.from(JSON.stringify(["2000-01-01T00:00:00.000Z", "00000000-0000-0000-0000-000000000000"])).toString("base64url")}.${signature}`;
      for (const cursor of ["not-a-cursor", "a.b.c", edited]) {
        expect(await refused({ last: 3, before: cursor })).toEqual(["before"]);
        expect(await refused({ first: 3, after: cursor })).toEqual(["after"]);
      }
    });

    it("a cursor of another thread", async () => {
      const other = await ask(server, cast.student.accessToken, { question: "generics" });
      const otherCursor = (await messages(server, cast.student.accessToken, other.data!.askTutor.thread.id, { last: 1 })).pageInfo.startCursor;
      expect(await refused({ last: 3, before: otherCursor })).toEqual(["before"]);
    });

    it("first and last together, or a cursor of the other direction's argument", async () => {
      const { startCursor } = (await read({ last: 3 })).pageInfo;
      expect(await refused({ first: 3, last: 3 })).toEqual(["first", "last"]);
      expect(await refused({ last: 3, after: startCursor })).toEqual(["after", "last"]);
      expect(await refused({ after: startCursor, before: startCursor })).toEqual(["after", "before"]);
      expect(await refused({ last: 101 })).toEqual(["last"]);
    });
  });
});
