// Learning events as xAPI 1.0.3 statements, the videos' in the xAPI Video Profile
// (https://w3id.org/xapi/video): the learner is an account on this platform named by their global
// id (no e-mail address leaves it), the activities are IRIs under PUBLIC_URL. A statement's id is
// made from its event's key, so reading or pushing it again gives the same statement, which an
// LRS stores once. See xapi-statements.md for the mapping.
import type { Statement } from "@xapi/xapi";
import { v5 as uuidv5 } from "uuid";
import { toGlobalId } from "../../platform/ids.ts";
import type { LearningEvent } from "../analytics/index.ts";

const STATEMENT_NAMESPACE = "6b0d7f64-2f4e-5a38-9c1d-3e5f7a9b0c2d";
const VIDEO_PROFILE = "https://w3id.org/xapi/video";
const VIDEO_EXTENSION = `${VIDEO_PROFILE}/extensions`;

export const XAPI_VERBS = {
  initialized: "http://adlnet.gov/expapi/verbs/initialized",
  played: `${VIDEO_PROFILE}/verbs/played`,
  paused: `${VIDEO_PROFILE}/verbs/paused`,
  seeked: `${VIDEO_PROFILE}/verbs/seeked`,
  completed: "http://adlnet.gov/expapi/verbs/completed",
  registered: "http://adlnet.gov/expapi/verbs/registered",
} as const;

export type XapiVerb = keyof typeof XAPI_VERBS;

const VERB_OF_EVENT: Record<LearningEvent["type"], XapiVerb> = {
  VIDEO_INITIALIZED: "initialized",
  VIDEO_PLAY: "played",
  VIDEO_PAUSE: "paused",
  VIDEO_SEEK: "seeked",
  VIDEO_ENDED: "completed",
  ENROLLED: "registered",
  COMPLETED: "completed",
};

/** What a statement names besides its event: where the platform is, and how long each video is. */
export interface StatementSetting {
  publicUrl: string;
  /** Exact durations in seconds by video id; a video without one has no length or progress. */
  durations: ReadonlyMap<string, number>;
}

export const statementIdOf = (event: Pick<LearningEvent, "userId" | "clientEventId">) => uuidv5(`${event.userId}\n${event.clientEventId}`, STATEMENT_NAMESPACE);

/** Seconds as xAPI's video extensions write them: at most 3 decimals. */
const seconds = (value: number) => Math.round(value * 1000) / 1000;

/** The Video Profile's played-segments: "start[.]end" pairs joined by "[,]". */
export const playedSegments = (ranges: readonly [number, number][]) => ranges.map(([start, end]) => `${seconds(start)}[.]${seconds(end)}`).join("[,]");

/** The share of the video watched, 0..1 with 3 decimals. */
function progressOf(ranges: readonly [number, number][], length: number): number {
  const watched = ranges.reduce((sum, [start, end]) => sum + Math.max(0, Math.min(end, length) - Math.max(0, start)), 0);
  return Math.min(1, Math.round((watched / length) * 1000) / 1000);
}

export function toStatement(event: LearningEvent, setting: StatementSetting): Statement {
  const verb = VERB_OF_EVENT[event.type];
  const course = { objectType: "Activity" as const, id: `${setting.publicUrl}/xapi/courses/${toGlobalId("Course", event.courseId)}`, definition: { type: "http://adlnet.gov/expapi/activities/course" } };
  const statement: Statement = {
    id: statementIdOf(event),
    version: "1.0.3",
    actor: { objectType: "Agent", account: { homePage: setting.publicUrl, name: toGlobalId("User", event.userId) } },
    verb: { id: XAPI_VERBS[verb], display: { "en-US": verb } },
    object: course,
    timestamp: event.occurredAt.toISOString(),
  };
  if (event.type === "ENROLLED") return statement;
  if (event.type === "COMPLETED") return { ...statement, result: { completion: true } };

  const length = setting.durations.get(event.videoId!);
  const position = seconds(event.positionSeconds ?? 0);
  const result: Record<string, unknown> =
    event.type === "VIDEO_SEEK" ? { [`${VIDEO_EXTENSION}/time-from`]: seconds(event.fromPositionSeconds ?? 0), [`${VIDEO_EXTENSION}/time-to`]: position } : { [`${VIDEO_EXTENSION}/time`]: position };
  if (event.watchedRanges) {
    result[`${VIDEO_EXTENSION}/played-segments`] = playedSegments(event.watchedRanges);
    if (length) result[`${VIDEO_EXTENSION}/progress`] = progressOf(event.watchedRanges, length);
  }
  return {
    ...statement,
    object: { objectType: "Activity", id: `${setting.publicUrl}/xapi/videos/${toGlobalId("Video", event.videoId!)}`, definition: { type: `${VIDEO_PROFILE}/activity-type/video` } },
    ...(event.type === "VIDEO_INITIALIZED" ? {} : { result: { ...(event.type === "VIDEO_ENDED" ? { completion: true } : {}), extensions: result } }),
    context: {
      contextActivities: { parent: [course], category: [{ objectType: "Activity", id: VIDEO_PROFILE }] },
      ...(length ? { extensions: { [`${VIDEO_EXTENSION}/length`]: seconds(length) } } : {}),
    },
  };
}

export const verbOf = (event: LearningEvent): XapiVerb => VERB_OF_EVENT[event.type];
