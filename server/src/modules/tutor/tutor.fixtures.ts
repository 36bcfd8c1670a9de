// The tutor's factories for tests: a course to ask about (videos with transcripts written through
// media's API, so its event re-indexes them) and the tutor's operations.
import type { TestServer } from "../../../test/support/test-server.ts";
import { courseToLearn } from "../learning/learning.fixtures.ts";

export const ASK = /* GraphQL */ `
  mutation ($input: AskTutorInput!) {
    askTutor(input: $input) {
      thread { id title }
      question { id role content promptTokens }
      answer { id role content promptTokens completionTokens citations { video { id } startSeconds endSeconds snippet } }
      usage { tokensUsedToday dailyTokenLimit requestsLastMinute requestsPerMinuteLimit resetsAt }
    }
  }
`;
export const CREATE_THREAD = /* GraphQL */ `mutation ($courseId: ID!, $title: String) { createTutorThread(courseId: $courseId, title: $title) { id title course { id } } }`;
export const THREADS = /* GraphQL */ `query ($courseId: ID!) { tutorThreads(courseId: $courseId) { id title } }`;
export const THREAD = /* GraphQL */ `
  query ($id: ID!) { tutorThread(id: $id) { id title messages { totalCount nodes { id role content citations { startSeconds } } } } }
`;
export const USAGE = /* GraphQL */ `query { tutorUsage { tokensUsedToday dailyTokenLimit requestsLastMinute requestsPerMinuteLimit resetsAt } }`;
export const ANSWER_STREAM = /* GraphQL */ `subscription ($threadId: ID!) { tutorAnswerStream(threadId: $threadId) { messageId delta done } }`;
const UPDATE_VIDEO = /* GraphQL */ `mutation ($id: ID!, $input: UpdateVideoInput!) { updateVideo(id: $id, input: $input) { id } }`;

/** WebVTT of one cue per line, `secondsPerCue` apart. */
export function transcript(lines: string[], secondsPerCue = 10): string {
  const at = (seconds: number) => `00:${String(Math.floor(seconds / 60)).padStart(2, "0")}:${String(seconds % 60).padStart(2, "0")}.000`;
  const cues = lines.map((line, index) => `${at(index * secondsPerCue)} --> ${at((index + 1) * secondsPerCue)}\n${line}`);
  return ["WEBVTT", ...cues].join("\n\n") + "\n";
}

/** The owner's words for a video, through media's API. */
export async function setTranscript(server: TestServer, ownerToken: string, videoId: string, transcriptVtt: string, description?: string) {
  const result = await server.graphql(UPDATE_VIDEO, { id: videoId, input: { transcriptVtt, ...(description ? { description } : {}) } }, { token: ownerToken });
  if (!result.data?.updateVideo) throw new Error(`updateVideo failed: ${JSON.stringify(result.errors)}`);
}

/** A published course of the owner with one 120-second video whose transcript is these lines (10 s each). */
export async function courseWithTranscript(server: TestServer, ownerToken: string, lines: string[]) {
  const course = await courseToLearn(server, ownerToken, [120]);
  await setTranscript(server, ownerToken, course.videoIds[0], transcript(lines));
  return { courseId: course.courseId, videoId: course.videoIds[0] };
}
