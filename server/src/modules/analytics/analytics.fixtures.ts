// Analytics documents and helpers for tests and the authorization matrix.
import { randomUUID } from "node:crypto";
import type { TestServer } from "../../../test/support/test-server.ts";
import { waitUntil } from "../../../test/support/wait.ts";
import { rollUpNow } from "./analytics-rollups.ts";

export const TRACK = /* GraphQL */ `
  mutation ($events: [AnalyticsEventInput!]!) {
    trackEvents(events: $events) { accepted duplicates rejected { clientEventId reason } }
  }
`;

const BUCKET_FIELDS = "startSeconds endSeconds score rewinds pauses confusedFlags tutorQuestions wrongAnswers";
const VIDEO_FIELDS = `video { id } views uniqueViewers watchTimeSeconds averagePercentWatched completionRate retention { second viewers } confusion { ${BUCKET_FIELDS} }`;

export const COURSE_ANALYTICS = /* GraphQL */ `
  query ($courseId: ID!, $from: DateTime, $to: DateTime) {
    courseAnalytics(courseId: $courseId, from: $from, to: $to) {
      course { id } from to enrollments activeLearners completions completionRate averageProgressPercent watchTimeSeconds revenueCents
      daily { date enrollments activeLearners completions watchTimeSeconds revenueCents }
      videos { ${VIDEO_FIELDS} }
    }
  }
`;

export const VIDEO_ANALYTICS = /* GraphQL */ `
  query ($videoId: ID!, $from: DateTime, $to: DateTime) {
    videoAnalytics(videoId: $videoId, from: $from, to: $to) { ${VIDEO_FIELDS} }
  }
`;

export const COURSE_LIVE = /* GraphQL */ `
  subscription ($courseId: ID!) {
    courseAnalyticsLive(courseId: $courseId) { course { id } at activeViewers eventsLastMinute hotspots { video { id } bucket { ${BUCKET_FIELDS} } } }
  }
`;

export interface EventInput {
  clientEventId?: string;
  type: string;
  courseId: string;
  videoId?: string | null;
  positionSeconds?: number | null;
  fromPositionSeconds?: number | null;
  playbackRate?: number | null;
  occurredAt?: string;
}

/** An event with a fresh id, happening now unless told. */
export const event = (input: EventInput) => ({ clientEventId: randomUUID(), occurredAt: new Date().toISOString(), ...input });

export async function track(server: TestServer, token: string, events: EventInput[]) {
  const result = await server.graphql(TRACK, { events }, { token });
  if (!result.data?.trackEvents) throw new Error(`trackEvents failed: ${JSON.stringify(result.errors)}`);
  return result.data.trackEvents as { accepted: number; duplicates: number; rejected: { clientEventId: string; reason: string }[] };
}

/** Every event stored so far is in the rollups (which take them in within a fraction of a second of their own accord). */
export const rolledUp = (server: TestServer) => rollUpNow(server.app.platform);

/** Every domain event delivered to analytics' listeners, and every event stored in the rollups: the figures are final. */
export async function analyticsSettled(server: TestServer): Promise<void> {
  await waitUntil("domain events settled", async () => {
    const [{ unsettled }] = await server.db.$queryRaw<{ unsettled: number }[]>`SELECT count(*)::int AS unsettled FROM domain_events WHERE settled_at IS NULL`;
    return unsettled === 0;
  });
  await rolledUp(server);
}
