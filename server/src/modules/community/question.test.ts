// Lecture Q&A through the public API: asking at a moment, answering, accepting, editing, deleting
// and hiding; who sees the threads (the course's learners, team and admins only); the lists by
// moment, newest and search, with signed cursors and no N+1; bad input refused naming its field
// with nothing written; a new answer notifies its asker once (never the answerer themself), and
// mails them only when they chose mail.
import { randomUUID } from "node:crypto";
import { databaseState } from "../../../test/support/database-state.ts";
import { expectError } from "../../../test/support/errors.ts";
import { databaseId } from "../../../test/support/ids.ts";
import { statementsFor } from "../../../test/support/statements.ts";
import { startTestServer, UNTHROTTLED, type TestServer } from "../../../test/support/test-server.ts";
import { holdsWithin, waitUntil } from "../../../test/support/wait.ts";
import { toGlobalId } from "../../platform/ids.ts";
import { signUp, signUpCast, type Cast, type TestAccount } from "../identity/identity.fixtures.ts";
import { courseToLearn, enrollAs } from "../learning/learning.fixtures.ts";
import {
  ACCEPT,
  ANSWER,
  answerAs,
  ASK,
  askAs,
  COURSE_QUESTIONS,
  DELETE_ANSWER,
  DELETE_QUESTION,
  HIDE_ANSWER,
  HIDE_QUESTION,
  MARK_READ,
  MY_NOTIFICATIONS,
  SET_PREFERENCES,
  UNACCEPT,
  UPDATE_QUESTION,
  VIDEO_QUESTIONS,
} from "./community.fixtures.ts";
import { BODY_MAX_CHARS, TITLE_MAX_CHARS } from "./question.service.ts";

let server: TestServer;
let cast: Cast;
/** A course of the owner with videos of 90 s and 45.5 s; the student and otherStudent are enrolled. */
let course: { courseId: string; videoIds: string[] };

beforeAll(async () => {
  server = await startTestServer(UNTHROTTLED);
  cast = await signUpCast(server);
  course = await courseToLearn(server, cast.owner.accessToken, [90, 45.5]);
  await enrollAs(server, cast.student.accessToken, course.courseId);
  await enrollAs(server, cast.otherStudent.accessToken, course.courseId);
});
afterAll(() => server.close());

const videoQuestions = (token: string, variables: Record<string, unknown> = {}) =>
  server.graphql(VIDEO_QUESTIONS, { videoId: course.videoIds[0], ...variables }, { token });
const courseQuestions = (token: string, variables: Record<string, unknown> = {}) =>
  server.graphql(COURSE_QUESTIONS, { courseId: course.courseId, ...variables }, { token });

async function newLearner(): Promise<TestAccount> {
  const learner = await signUp(server);
  await enrollAs(server, learner.accessToken, course.courseId);
  return learner;
}

async function refusedWithoutWriting(request: () => Promise<{ errors?: any[]; data?: any }>) {
  const before = await databaseState(server);
  const result = await request();
  expect(await databaseState(server)).toEqual(before);
  return result;
}

/** Waits for the answers' events to reach their listeners. */
async function settled() {
  await waitUntil("domain events settled", async () => {
    const [{ unsettled }] = await server.db.$queryRaw<{ unsettled: number }[]>`SELECT count(*)::int AS unsettled FROM domain_events WHERE settled_at IS NULL`;
    return unsettled === 0;
  });
}

describe("a thread", () => {
  it("asks at a moment, is answered by a learner and the owner, accepts, unaccepts, and lists it to the course's people", async () => {
    const asker = await newLearner();
    const question = await askAs(server, asker.accessToken, { videoId: course.videoIds[0], positionSeconds: 42.5, title: "  Why a generic here? ", body: "  The\n\ttype is inferred.  " });
    expect(question).toMatchObject({
      positionSeconds: 42.5,
      title: "Why a generic here?",
      body: "The\n\ttype is inferred.",
      answerCount: 0,
      acceptedAnswer: null,
      deleted: false,
      viewerIsAuthor: true,
      viewerCanAccept: false,
      author: { id: asker.id },
      video: { id: course.videoIds[0] },
    });
    const learnerAnswer = await answerAs(server, cast.otherStudent.accessToken, question.id, "Inference stops at the boundary.");
    const ownerAnswer = await answerAs(server, cast.owner.accessToken, question.id, "See the next lesson.");
    const accepted = await server.graphql(ACCEPT, { answerId: ownerAnswer.id }, { token: cast.owner.accessToken });
    expect(accepted.errors).toBeUndefined();
    expect(accepted.data!.acceptAnswer).toMatchObject({ id: question.id, acceptedAnswer: { id: ownerAnswer.id }, answerCount: 2, viewerCanAccept: true });

    for (const token of [asker.accessToken, cast.student.accessToken, cast.owner.accessToken, cast.admin.accessToken]) {
      const listed = (await videoQuestions(token, { first: 100, answers: 10 })).data!.node.questions;
      const thread = listed.nodes.find((each: any) => each.id === question.id);
      expect(thread.acceptedAnswer).toEqual({ id: ownerAnswer.id, body: "See the next lesson." });
      expect(thread.answers.nodes.map((answer: any) => [answer.id, answer.accepted])).toEqual([[learnerAnswer.id, false], [ownerAnswer.id, true]]);
    }
    const unaccepted = await server.graphql(UNACCEPT, { questionId: question.id }, { token: cast.owner.accessToken });
    expect(unaccepted.data!.unacceptAnswer.acceptedAnswer).toBeNull();
    expect((await server.db.courseQuestion.findUniqueOrThrow({ where: { id: databaseId(question.id) } })).acceptedAnswerId).toBeNull();
  });

  it("edits one's own question, and keeps an answered question's answers when its author deletes it", async () => {
    const asker = await newLearner();
    const question = await askAs(server, asker.accessToken, { videoId: course.videoIds[1] });
    const edited = await server.graphql(UPDATE_QUESTION, { input: { id: question.id, title: "Clearer title?", body: "Clearer body." } }, { token: asker.accessToken });
    expect(edited.data!.updateQuestion).toMatchObject({ title: "Clearer title?", body: "Clearer body.", edited: true });
    const answer = await answerAs(server, cast.student.accessToken, question.id);
    expect((await server.graphql(DELETE_QUESTION, { id: question.id }, { token: asker.accessToken })).data).toEqual({ deleteQuestion: true });
    const stored = await server.db.courseQuestion.findUniqueOrThrow({ where: { id: databaseId(question.id) } });
    expect(stored).toMatchObject({ title: "", body: "" });
    expect(stored.deletedAt).not.toBeNull();
    const listed = (await videoQuestions(cast.student.accessToken, { first: 100, answers: 10 })).data!;
    const thread = (await server.graphql(VIDEO_QUESTIONS, { videoId: course.videoIds[1], first: 100, answers: 10 }, { token: cast.student.accessToken })).data!.node.questions.nodes.find(
      (each: any) => each.id === question.id,
    );
    expect(listed.node.questions.nodes.map((each: any) => each.id)).not.toContain(question.id);
    expect(thread).toMatchObject({ deleted: true, title: "", author: null, answers: { nodes: [{ id: answer.id }] } });

    // A question nobody answered goes for good.
    const unanswered = await askAs(server, asker.accessToken, { videoId: course.videoIds[0] });
    await server.graphql(DELETE_QUESTION, { id: unanswered.id }, { token: asker.accessToken });
    expect(await server.db.courseQuestion.count({ where: { id: databaseId(unanswered.id) } })).toBe(0);
  });

  it("lets the author delete an accepted answer, which leaves the question with none accepted", async () => {
    const question = await askAs(server, cast.student.accessToken, { videoId: course.videoIds[0] });
    const answer = await answerAs(server, cast.otherStudent.accessToken, question.id);
    await server.graphql(ACCEPT, { answerId: answer.id }, { token: cast.owner.accessToken });
    expect((await server.graphql(DELETE_ANSWER, { id: answer.id }, { token: cast.otherStudent.accessToken })).data).toEqual({ deleteAnswer: true });
    expect((await server.db.courseQuestion.findUniqueOrThrow({ where: { id: databaseId(question.id) } })).acceptedAnswerId).toBeNull();
  });

  it("hides an abusive question and answer from other learners, not from their authors and the team", async () => {
    const question = await askAs(server, cast.student.accessToken, { videoId: course.videoIds[0], title: "Rude words?" });
    const answer = await answerAs(server, cast.otherStudent.accessToken, question.id, "Rude answer.");
    expect((await server.graphql(HIDE_ANSWER, { id: answer.id, hidden: true }, { token: cast.admin.accessToken })).data).toEqual({ setAnswerHidden: { id: answer.id, hidden: true } });
    expect((await server.graphql(HIDE_QUESTION, { id: question.id, hidden: true }, { token: cast.owner.accessToken })).data).toEqual({ setQuestionHidden: { id: question.id, hidden: true } });
    const idsFor = async (token: string) => (await videoQuestions(token, { first: 100 })).data!.node.questions.nodes.map((each: any) => each.id);
    const bystander = await newLearner();
    expect(await idsFor(bystander.accessToken)).not.toContain(question.id);
    expect(await idsFor(cast.student.accessToken)).toContain(question.id);
    expect(await idsFor(cast.owner.accessToken)).toContain(question.id);
    const node = await server.graphql(`query ($id: ID!) { node(id: $id) { id } }`, { id: answer.id }, { token: bystander.accessToken });
    expect(node.data).toEqual({ node: null });
    // A hidden question takes no answers.
    const refused = await refusedWithoutWriting(() => server.graphql(ANSWER, { input: { questionId: question.id, body: "More." } }, { token: cast.owner.accessToken }));
    expectError(refused, "BAD_USER_INPUT");
  });
});

describe("who sees and writes threads", () => {
  let question: { id: string };
  beforeAll(async () => {
    question = await askAs(server, cast.student.accessToken, { videoId: course.videoIds[0], title: "Visible to whom?" });
  });

  it("answers null lists to outsiders, anonymous visitors and API keys, and NOT_FOUND for the thread", async () => {
    const outsider = await signUp(server);
    for (const token of [outsider.accessToken, cast.otherInstructor.accessToken, cast.keys.ownerKey, cast.keys.adminKey]) {
      const listed = await courseQuestions(token);
      expect(listed.data!.course).toMatchObject({ id: course.courseId, questions: null });
    }
    const anonymous = await server.graphql(COURSE_QUESTIONS, { courseId: course.courseId });
    expect(anonymous.data!.course).toMatchObject({ questions: null });
    const answer = await refusedWithoutWriting(() => server.graphql(ANSWER, { input: { questionId: question.id, body: "Hi." } }, { token: outsider.accessToken }));
    expectError(answer, "NOT_FOUND");
    const node = await server.graphql(`query ($id: ID!) { node(id: $id) { id } }`, { id: question.id }, { token: outsider.accessToken });
    expect(node.data).toEqual({ node: null });
  });

  it("refuses an outsider's question with FORBIDDEN, and another learner's edits, writing nothing", async () => {
    const outsider = await signUp(server);
    const ask = await refusedWithoutWriting(() => server.graphql(ASK, { input: { videoId: course.videoIds[0], positionSeconds: 1, title: "Hi?", body: "Hello." } }, { token: outsider.accessToken }));
    expectError(ask, "FORBIDDEN", "QA_NOT_COURSE_PARTICIPANT");
    const edit = await refusedWithoutWriting(() => server.graphql(UPDATE_QUESTION, { input: { id: question.id, title: "Mine?", body: "Mine." } }, { token: cast.otherStudent.accessToken }));
    expectError(edit, "FORBIDDEN", "QA_NOT_AUTHOR");
    const answer = await answerAs(server, cast.otherStudent.accessToken, question.id);
    const accept = await refusedWithoutWriting(() => server.graphql(ACCEPT, { answerId: answer.id }, { token: cast.student.accessToken }));
    expectError(accept, "FORBIDDEN", "QA_NOT_COURSE_TEAM");
  });
});

describe("bad input: BAD_USER_INPUT naming the field, nothing written", () => {
  const valid = () => ({ videoId: course.videoIds[1], positionSeconds: 10, title: "Fine?", body: "Fine." });
  const cases: [string, Record<string, unknown>, string][] = [
    ["a title over the limit", { title: "x".repeat(TITLE_MAX_CHARS + 1) }, "title"],
    ["an empty title", { title: "   " }, "title"],
    ["a newline in the title", { title: "one\ntwo" }, "title"],
    ["a body over the limit", { body: "x".repeat(BODY_MAX_CHARS + 1) }, "body"],
    ["an empty body", { body: " \n " }, "body"],
    ["a control character in the body", { body: "Ring \u0007" }, "body"],
    ["a negative moment", { positionSeconds: -1 }, "positionSeconds"],
    ["a moment beyond the video", { positionSeconds: 45.6 }, "positionSeconds"],
    ["a forged video id", { videoId: "not-an-id" }, "videoId"],
    ["an unknown video", { videoId: toGlobalId("Video", randomUUID()) }, "videoId"],
  ];

  it.each(cases)("refuses %s", async (_case, change, field) => {
    const result = await refusedWithoutWriting(() => server.graphql(ASK, { input: { ...valid(), ...change } }, { token: cast.student.accessToken }));
    expectError(result, "BAD_USER_INPUT");
    expect(Object.keys(result.errors![0].extensions.fields)).toEqual([field]);
  });

  it("refuses an empty answer, a forged cursor and a search over the limit", async () => {
    const question = await askAs(server, cast.student.accessToken, { videoId: course.videoIds[0] });
    const empty = await refusedWithoutWriting(() => server.graphql(ANSWER, { input: { questionId: question.id, body: "  " } }, { token: cast.otherStudent.accessToken }));
    expect(empty.errors![0].extensions.fields).toEqual({ body: "must not be empty" });
    const forged = await videoQuestions(cast.student.accessToken, { after: "eyJhIjoxfQ.AAAAAAAAAAAAAAAAAAAAAA" });
    expect(forged.errors![0].extensions.fields).toEqual({ after: "is not a valid cursor" });
    const long = await courseQuestions(cast.student.accessToken, { search: "x".repeat(201) });
    expect(Object.keys(long.errors![0].extensions.fields as object)).toEqual(["search"]);
  });
});

describe("lists", () => {
  let own: { courseId: string; videoIds: string[] };
  let learner: TestAccount;
  beforeAll(async () => {
    own = await courseToLearn(server, cast.owner.accessToken, [60]);
    learner = await signUp(server);
    await enrollAs(server, learner.accessToken, own.courseId);
  });

  it("pages a video's questions by moment and newest with signed cursors", async () => {
    const made = [];
    for (const positionSeconds of [30, 10, 20]) made.push(await askAs(server, learner.accessToken, { videoId: own.videoIds[0], positionSeconds }));
    const list = (variables: Record<string, unknown>) => server.graphql(VIDEO_QUESTIONS, { videoId: own.videoIds[0], ...variables }, { token: learner.accessToken });
    const first = (await list({ first: 2 })).data!.node.questions;
    expect(first.nodes.map((each: any) => each.positionSeconds)).toEqual([10, 20]);
    expect(first.totalCount).toBe(3);
    const rest = (await list({ first: 2, after: first.pageInfo.endCursor })).data!.node.questions;
    expect(rest.nodes.map((each: any) => each.positionSeconds)).toEqual([30]);
    expect(rest.pageInfo.hasNextPage).toBe(false);
    const newest = (await list({ first: 3, orderBy: "NEWEST" })).data!.node.questions;
    expect(newest.nodes.map((each: any) => each.id)).toEqual([made[2].id, made[1].id, made[0].id]);
  });

  it("searches the course's questions by words of their titles and bodies, the word being typed as a prefix", async () => {
    const generics = await askAs(server, learner.accessToken, { videoId: own.videoIds[0], title: "Generic constraints?", body: "How do I constrain a type parameter?" });
    const closures = await askAs(server, learner.accessToken, { videoId: own.videoIds[0], title: "Closures capture what?", body: "Variables from the enclosing scope." });
    const search = async (words: string) =>
      (await server.graphql(COURSE_QUESTIONS, { courseId: own.courseId, search: words }, { token: learner.accessToken })).data!.course.questions.nodes.map((each: any) => each.id);
    expect(await search("constraints")).toEqual([generics.id]);
    expect(await search("type param")).toEqual([generics.id]);
    expect(await search("enclosing")).toEqual([closures.id]);
    expect(await search("nothing like this")).toEqual([]);
    // Another course's questions are not searched.
    expect((await courseQuestions(cast.student.accessToken, { search: "closures" })).data!.course.questions.nodes).toEqual([]);
  });

  it("lists a page of 10 questions, with their answers, authors and accepted answers, in as many statements as a page of 2", async () => {
    const other = await courseToLearn(server, cast.owner.accessToken, [60]);
    await enrollAs(server, learner.accessToken, other.courseId);
    for (let index = 0; index < 10; index++) {
      const question = await askAs(server, learner.accessToken, { videoId: other.videoIds[0], positionSeconds: index });
      const answer = await answerAs(server, cast.owner.accessToken, question.id);
      if (index % 2 === 0) await server.graphql(ACCEPT, { answerId: answer.id }, { token: cast.owner.accessToken });
    }
    const list = (data: any) => data.node.questions.nodes;
    const variables = { videoId: other.videoIds[0], answers: 5 };
    const two = await statementsFor(server, VIDEO_QUESTIONS, { ...variables, first: 2 }, learner.accessToken, list);
    const ten = await statementsFor(server, VIDEO_QUESTIONS, { ...variables, first: 10 }, learner.accessToken, list);
    expect(ten.items.every((question: any) => question.answers.nodes.length === 1 && question.answerCount === 1)).toBe(true);
    expect(ten.statements).toBe(two.statements);
    const search = (data: any) => data.course.questions.nodes;
    const searchTwo = await statementsFor(server, COURSE_QUESTIONS, { courseId: other.courseId, search: "why", first: 2 }, learner.accessToken, search);
    const searchTen = await statementsFor(server, COURSE_QUESTIONS, { courseId: other.courseId, search: "why", first: 10 }, learner.accessToken, search);
    expect(searchTen.statements).toBe(searchTwo.statements);
    console.log(`Video.questions statements: ${two.statements} for 2 questions, ${ten.statements} for 10`);
  });
});

describe("notifications", () => {
  it("notifies the asker once per answer, never the answerer of their own question, and marks them read", async () => {
    const asker = await newLearner();
    const question = await askAs(server, asker.accessToken, { videoId: course.videoIds[0], title: "Notify me?" });
    await answerAs(server, asker.accessToken, question.id, "Answering myself.");
    const answer = await answerAs(server, cast.otherStudent.accessToken, question.id, "Here you go.");
    await settled();
    // A repeated delivery of the event (at least once) adds nothing.
    const events = await server.db.$queryRaw<{ payload: any }[]>`SELECT payload FROM domain_events WHERE name = 'community.answerPosted' AND payload->>'answerId' = ${databaseId(answer.id)}`;
    const { notifyOfAnswer } = await import("./notification.service.ts");
    await notifyOfAnswer(server.app.platform, events[0].payload);

    const listed = (await server.graphql(MY_NOTIFICATIONS, {}, { token: asker.accessToken })).data!;
    expect(listed.myUnreadNotificationCount).toBe(1);
    expect(listed.myNotifications.nodes).toEqual([
      expect.objectContaining({ kind: "ANSWER_POSTED", read: false, actor: { id: cast.otherStudent.id }, question: { id: question.id, title: "Notify me?" }, answer: { id: answer.id, body: "Here you go." } }),
    ]);
    const answerer = (await server.graphql(MY_NOTIFICATIONS, {}, { token: cast.otherStudent.accessToken })).data!;
    expect(answerer.myNotifications.nodes.map((each: any) => each.answer?.id)).not.toContain(answer.id);
    // Without the preference: no mail.
    expect(await server.db.mailOutbox.count({ where: { to: asker.email, subject: { startsWith: "New answer" } } })).toBe(0);

    const marked = await server.graphql(MARK_READ, { ids: [listed.myNotifications.nodes[0].id] }, { token: asker.accessToken });
    expect(marked.data).toEqual({ markNotificationsRead: 1 });
    expect((await server.graphql(MY_NOTIFICATIONS, { unreadOnly: true }, { token: asker.accessToken })).data!.myUnreadNotificationCount).toBe(0);
    // Someone else's notification is not theirs to mark.
    const others = await server.graphql(MARK_READ, { ids: [listed.myNotifications.nodes[0].id] }, { token: cast.student.accessToken });
    expect(others.data).toEqual({ markNotificationsRead: 0 });
  });

  it("mails the asker of each new answer once they opt in", async () => {
    const asker = await newLearner();
    expect((await server.graphql(SET_PREFERENCES, { mailOnAnswer: true }, { token: asker.accessToken })).data).toEqual({ updateNotificationPreferences: { mailOnAnswer: true } });
    const question = await askAs(server, asker.accessToken, { videoId: course.videoIds[0], title: "Mail me?" });
    await answerAs(server, cast.owner.accessToken, question.id, "Answer by mail.");
    await settled();
    const answerMails = { to: asker.email, subject: { startsWith: "New answer" } };
    const mails = await server.db.mailOutbox.findMany({ where: answerMails });
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toBe('New answer to your question "Mail me?"');
    expect(mails[0].text).toContain(`/learn/courses/${course.courseId}/videos/${course.videoIds[0]}?question=${question.id}`);
    // Their own answer mails nobody.
    await answerAs(server, asker.accessToken, question.id, "Thanks.");
    await settled();
    expect(await server.db.mailOutbox.count({ where: answerMails })).toBe(1);
  });
});

describe("the unread count, live", () => {
  const COUNT_CHANGED = /* GraphQL */ `subscription { myUnreadNotificationCountChanged }`;

  function listen(token?: string) {
    const heard = { counts: [] as number[], errors: [] as unknown[] };
    server.subscriptionClient(token).subscribe<{ myUnreadNotificationCountChanged: number }>(
      { query: COUNT_CHANGED },
      {
        next: (result) => {
          if (result.data) heard.counts.push(result.data.myUnreadNotificationCountChanged);
          if (result.errors) heard.errors.push(...result.errors);
        },
        error: (error) => void heard.errors.push(error),
        complete: () => undefined,
      },
    );
    return heard;
  }

  it("tells the asker their unread count when an answer arrives, and nobody else; refuses keys and anonymous subscribers", async () => {
    const asker = await newLearner();
    const question = await askAs(server, asker.accessToken, { videoId: course.videoIds[0] });
    const askers = listen(asker.accessToken);
    const others = listen(cast.otherStudent.accessToken);
    const key = listen(cast.keys.ownerKey);
    const anonymous = listen();
    // Answers until the subscription, which may still be connecting, hears one.
    let answers = 0;
    while (!(await holdsWithin(1000, () => askers.counts.length > 0))) {
      await answerAs(server, cast.student.accessToken, question.id);
      if (++answers > 10) throw new Error("the asker's subscription heard no answer");
    }
    expect(askers.counts.at(-1)).toBeGreaterThanOrEqual(1);
    expect(askers.errors).toEqual([]);
    await waitUntil("the refusals", () => key.errors.length > 0 && anonymous.errors.length > 0);
    expect(others.counts).toEqual([]);
    expect(key.counts).toEqual([]);
    expect(anonymous.counts).toEqual([]);
  });
});

describe("a deleted course", () => {
  it("takes its threads and their notifications with it", async () => {
    const doomed = await courseToLearn(server, cast.owner.accessToken, [30]);
    const question = await askAs(server, cast.owner.accessToken, { videoId: doomed.videoIds[0] });
    await answerAs(server, cast.admin.accessToken, question.id);
    await settled();
    const courseId = databaseId(doomed.courseId);
    expect(await server.db.communityNotification.count({ where: { courseId } })).toBe(1);
    const deleted = await server.graphql(`mutation ($id: ID!) { deleteCourse(id: $id) }`, { id: doomed.courseId }, { token: cast.owner.accessToken });
    expect(deleted.errors).toBeUndefined();
    expect(
      await Promise.all([
        server.db.courseQuestion.count({ where: { courseId } }),
        server.db.questionAnswer.count({ where: { courseId } }),
        server.db.communityNotification.count({ where: { courseId } }),
      ]),
    ).toEqual([0, 0, 0]);
  });
});
