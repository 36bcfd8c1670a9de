// The community module's factories for tests: its operations, and questions and answers made through the API.
import type { TestServer } from "../../../test/support/test-server.ts";

export const ANSWER_FIELDS = /* GraphQL */ `id body edited createdAt updatedAt accepted hidden viewerIsAuthor author { id profile { displayName } }`;
export const QUESTION_FIELDS = /* GraphQL */ `
  id positionSeconds title body edited createdAt updatedAt deleted hidden answerCount viewerIsAuthor viewerCanAccept viewerCanModerate
  author { id profile { displayName } }
  video { id }
  acceptedAnswer { id body }
`;

export const ASK = /* GraphQL */ `mutation ($input: AskQuestionInput!) { askQuestion(input: $input) { ${QUESTION_FIELDS} } }`;
export const UPDATE_QUESTION = /* GraphQL */ `mutation ($input: UpdateQuestionInput!) { updateQuestion(input: $input) { ${QUESTION_FIELDS} } }`;
export const DELETE_QUESTION = /* GraphQL */ `mutation ($id: ID!) { deleteQuestion(id: $id) }`;
export const ANSWER = /* GraphQL */ `mutation ($input: AnswerQuestionInput!) { answerQuestion(input: $input) { ${ANSWER_FIELDS} } }`;
export const UPDATE_ANSWER = /* GraphQL */ `mutation ($input: UpdateAnswerInput!) { updateAnswer(input: $input) { ${ANSWER_FIELDS} } }`;
export const DELETE_ANSWER = /* GraphQL */ `mutation ($id: ID!) { deleteAnswer(id: $id) }`;
export const ACCEPT = /* GraphQL */ `mutation ($answerId: ID!) { acceptAnswer(answerId: $answerId) { ${QUESTION_FIELDS} } }`;
export const UNACCEPT = /* GraphQL */ `mutation ($questionId: ID!) { unacceptAnswer(questionId: $questionId) { ${QUESTION_FIELDS} } }`;
export const HIDE_QUESTION = /* GraphQL */ `mutation ($id: ID!, $hidden: Boolean!) { setQuestionHidden(id: $id, hidden: $hidden) { id hidden } }`;
export const HIDE_ANSWER = /* GraphQL */ `mutation ($id: ID!, $hidden: Boolean!) { setAnswerHidden(id: $id, hidden: $hidden) { id hidden } }`;
export const VIDEO_QUESTIONS = /* GraphQL */ `
  query ($videoId: ID!, $first: Int, $after: String, $orderBy: QuestionOrder, $answers: Int) {
    node(id: $videoId) {
      ... on Video {
        id
        questions(first: $first, after: $after, orderBy: $orderBy) {
          totalCount
          pageInfo { hasNextPage endCursor }
          nodes { ${QUESTION_FIELDS} answers(first: $answers) { totalCount pageInfo { hasNextPage endCursor } nodes { ${ANSWER_FIELDS} } } }
        }
      }
    }
  }
`;
export const COURSE_QUESTIONS = /* GraphQL */ `
  query ($courseId: ID!, $search: String, $first: Int, $after: String) {
    course(id: $courseId) {
      id
      questions(search: $search, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { id title answerCount } }
    }
  }
`;
export const MY_NOTIFICATIONS = /* GraphQL */ `
  query ($unreadOnly: Boolean) {
    myUnreadNotificationCount
    myNotifications(unreadOnly: $unreadOnly, first: 50) {
      totalCount
      nodes { id kind read createdAt actor { id } question { id title } answer { id body } course { id } }
    }
  }
`;
export const MARK_READ = /* GraphQL */ `mutation ($ids: [ID!]) { markNotificationsRead(ids: $ids) }`;
export const PREFERENCES = /* GraphQL */ `query { myNotificationPreferences { mailOnAnswer } }`;
export const SET_PREFERENCES = /* GraphQL */ `mutation ($mailOnAnswer: Boolean!) { updateNotificationPreferences(mailOnAnswer: $mailOnAnswer) { mailOnAnswer } }`;

export interface QuestionInput {
  videoId: string;
  positionSeconds?: number;
  title?: string;
  body?: string;
}

/** A question of the token's person, through the API. */
export async function askAs(server: TestServer, token: string, input: QuestionInput) {
  const result = await server.graphql(ASK, { input: { positionSeconds: 5, title: "Why does this work?", body: "I do not follow the step at this moment.", ...input } }, { token });
  if (!result.data?.askQuestion) throw new Error(`askQuestion failed: ${JSON.stringify(result.errors)}`);
  return result.data.askQuestion as Record<string, any> & { id: string };
}

/** An answer of the token's person, through the API. */
export async function answerAs(server: TestServer, token: string, questionId: string, body = "Because the type is inferred here.") {
  const result = await server.graphql(ANSWER, { input: { questionId, body } }, { token });
  if (!result.data?.answerQuestion) throw new Error(`answerQuestion failed: ${JSON.stringify(result.errors)}`);
  return result.data.answerQuestion as Record<string, any> & { id: string };
}
