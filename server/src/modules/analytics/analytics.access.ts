// Analytics' rows of the authorization matrix (run by test/authorization.test.ts). Any person in
// their own session sends events (each checked against its course: here the owner's course, which
// the student is not enrolled in, so theirs are refused one by one, not as a call); the figures are
// the course team's and admins', in person or through a key with analytics:read (the matrix's other
// instructor does not teach this course); the live figures are for people in their own sessions.
import { allowOnly, PEOPLE, type AccessRow, type AccessWorld } from "../../../test/support/access-matrix.ts";
import { courseToLearn } from "../learning/learning.fixtures.ts";
import { COURSE_ANALYTICS, COURSE_LIVE, event, TRACK, VIDEO_ANALYTICS } from "./analytics.fixtures.ts";

const worlds = new WeakMap<AccessWorld, Promise<{ courseId: string; videoIds: string[] }>>();
function analyticsWorld(world: AccessWorld) {
  let arranged = worlds.get(world);
  if (!arranged) {
    arranged = courseToLearn(world.server, world.cast.owner.accessToken, [30]);
    worlds.set(world, arranged);
  }
  return arranged;
}

const team = allowOnly("owner", "admin", "ownerKey", "adminKey");

export const accessRows: AccessRow[] = [
  {
    operation: "Mutation.trackEvents",
    document: TRACK,
    variables: async (world) => ({ events: [event({ type: "COURSE_VIEW", courseId: (await analyticsWorld(world)).courseId })] }),
    verdicts: allowOnly(...PEOPLE),
  },
  {
    operation: "Query.courseAnalytics",
    document: COURSE_ANALYTICS,
    variables: async (world) => ({ courseId: (await analyticsWorld(world)).courseId }),
    verdicts: team,
  },
  {
    operation: "Query.videoAnalytics",
    document: VIDEO_ANALYTICS,
    variables: async (world) => ({ videoId: (await analyticsWorld(world)).videoIds[0] }),
    verdicts: team,
  },
  {
    // Over HTTP: the team is told to subscribe over WebSocket (analytics-live.test.ts subscribes); others are refused.
    operation: "Subscription.courseAnalyticsLive",
    document: COURSE_LIVE,
    variables: async (world) => ({ courseId: (await analyticsWorld(world)).courseId }),
    verdicts: allowOnly("owner", "admin"),
  },
];
